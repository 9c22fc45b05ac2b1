import { describe, expect, it } from 'vitest';
import type { KafkaRecord } from '../../formats/index.ts';
import { generateKitchen } from './generate-kitchen.ts';
import { partitionForKey } from './kafka-partitioner.ts';
import { KITCHEN_DEFAULTS } from './params.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
// 10:00–16:00 UTC: the lunch peak, busy enough for every incident to show
const params = {
  ...KITCHEN_DEFAULTS,
  seed: 11,
  start: KITCHEN_DEFAULTS.start + 10 * HOUR,
  durationMs: 6 * HOUR,
};
const end = params.start + params.durationMs;
const { records, labels } = generateKitchen(params);

const on = (topic: string): KafkaRecord[] => records.filter((r) => r.topic === topic);
const json = (r: KafkaRecord): Record<string, unknown> => JSON.parse(r.value ?? 'null');
const time = (r: KafkaRecord): number => r.timestamp as number;
const incident = (kind: string) => {
  const found = labels.incidents.find((i) => i.kind === kind);
  if (!found) throw new Error(`no ${kind} incident labelled`);
  return found;
};
const traceId = (r: KafkaRecord): string | undefined =>
  r.headers.find(([name]) => name === 'traceparent')?.[1]?.split('-')[1];

const NEXT: Record<string, string[]> = {
  PLACED: ['ACCEPTED', 'REJECTED'],
  ACCEPTED: ['PREPARING', 'CANCELLED'],
  PREPARING: ['READY', 'CANCELLED'],
  READY: ['PICKED_UP'],
  PICKED_UP: ['DELIVERED', 'DELIVERY_FAILED'],
  REJECTED: [],
  CANCELLED: [],
  DELIVERED: [],
  DELIVERY_FAILED: [],
};

describe('kitchen scenario invariants (6 h, seed 11)', () => {
  it('labels one incident of each kind inside the period, sorted, the order-flow ones apart', () => {
    // a quarter of a day: one of each kind, and no near-miss (0.6 a day of each kind)
    expect(labels.incidents.map((i) => i.kind).sort()).toEqual([
      'broker-outage',
      'payment-outage',
      'rejection-spike',
      'restaurant-closed',
    ]);
    labels.incidents.forEach((inc, i) => {
      expect(inc.start).toBeGreaterThanOrEqual(params.start);
      expect(inc.end).toBeLessThanOrEqual(end);
      expect(inc.end).toBeGreaterThan(inc.start);
      const next = labels.incidents[i + 1];
      if (next) expect(next.start).toBeGreaterThanOrEqual(inc.start);
    });
    const [a, b] = ['rejection-spike', 'payment-outage']
      .map(incident)
      .sort((x, y) => x.start - y.start);
    expect(b!.start - a!.end).toBeGreaterThanOrEqual(15 * MINUTE);
  });

  it('delivers records sorted by timestamp, all inside [start, end)', () => {
    const problems: string[] = [];
    records.forEach((r, i) => {
      if (time(r) < params.start || time(r) >= end) problems.push(`${i}: outside the period`);
      if (i > 0 && time(r) < time(records[i - 1]!)) problems.push(`${i}: earlier than ${i - 1}`);
    });
    expect(problems).toEqual([]);
  });

  it('numbers offsets 0, 1, 2, … per topic partition in delivery order', () => {
    const next = new Map<string, bigint>();
    const problems: string[] = [];
    for (const r of records) {
      const key = `${r.topic}/${r.partition}`;
      if (r.offset !== (next.get(key) ?? 0n)) problems.push(`${key}@${r.offset}`);
      next.set(key, r.offset + 1n);
    }
    expect(problems).toEqual([]);
    expect([...next.keys()].filter((k) => k.startsWith('orders/')).length).toBe(6);
  });

  it("puts keyed records on Kafka's default-partitioner partition", () => {
    const counts = { orders: 6, 'orders-rejected': 3, payments: 3, 'restaurant-status': 3 };
    const misplaced = records.filter((r) => {
      const n = counts[r.topic as keyof typeof counts];
      return n !== undefined && r.partition !== partitionForKey(r.key as string, n);
    });
    expect(misplaced).toEqual([]);
  });

  it("emits each order's events in lifecycle order, with the record time in the value", () => {
    const last = new Map<string, string>();
    const problems: string[] = [];
    let delivered = 0;
    for (const r of on('orders')) {
      const v = json(r);
      const status = v['status'] as string;
      const previous = last.get(r.key as string);
      if (previous !== undefined && !NEXT[previous]!.includes(status)) {
        problems.push(`${r.key}: ${previous} → ${status}`);
      }
      if (v['timestamp'] !== new Date(time(r)).toISOString()) problems.push(`${r.key}: timestamp`);
      if (['REJECTED', 'CANCELLED', 'DELIVERY_FAILED'].includes(status) !== 'reason' in v) {
        problems.push(`${r.key}: reason on ${status}`);
      }
      last.set(r.key as string, status);
      if (status === 'DELIVERED') delivered++;
    }
    expect(problems).toEqual([]);
    expect(delivered).toBeGreaterThan(1000);
  });

  it('copies every REJECTED order event to orders-rejected, same key, value and time', () => {
    const rejected = on('orders').filter((r) => json(r)['status'] === 'REJECTED');
    const copies = on('orders-rejected');
    expect(copies.length).toBe(rejected.length);
    copies.forEach((copy, i) => {
      expect([copy.key, copy.value, copy.timestamp]).toEqual([
        rejected[i]!.key,
        rejected[i]!.value,
        rejected[i]!.timestamp,
      ]);
    });
  });

  it('places no order with a restaurant while it is OFF', () => {
    const state = new Map<string, string>();
    const problems: string[] = [];
    let placed = 0;
    for (const r of records) {
      if (r.topic === 'restaurant-status') {
        const v = json(r);
        expect(Object.keys(v)).toEqual(['name', 'timestamp', 'status', 'id']);
        state.set(v['id'] as string, v['status'] as string);
      } else if (r.topic === 'orders' && json(r)['status'] === 'PLACED') {
        const restaurant = json(r)['restaurantId'] as string;
        if (state.get(restaurant) !== 'ON') problems.push(`${r.key} placed with ${restaurant}`);
        placed++;
      }
    }
    expect(problems).toEqual([]);
    expect(placed).toBeGreaterThan(1000);
  });

  it('keeps the closed restaurant OFF for the whole restaurant-closed incident', () => {
    const closed = incident('restaurant-closed');
    const switches = on('restaurant-status')
      .filter((r) => r.key === closed.scope['restaurantId'])
      .map((r) => [time(r), json(r)['status']]);
    expect(switches).toContainEqual([closed.start, 'OFF']);
    expect(switches).toContainEqual([closed.end, 'ON']);
  });

  it('rejects ≥ 30% of the scoped aggregator × region during the spike, < 2% outside incidents', () => {
    const spike = incident('rejection-spike');
    let scoped = 0;
    let scopedRejected = 0;
    let outside = 0;
    let outsideRejected = 0;
    for (const r of on('orders')) {
      const v = json(r);
      if (v['status'] !== 'ACCEPTED' && v['status'] !== 'REJECTED') continue;
      const rejected = v['status'] === 'REJECTED' ? 1 : 0;
      const t = time(r);
      if (t >= spike.start && t < spike.end) {
        if (
          v['aggregator'] === spike.scope['aggregator'] &&
          v['region'] === spike.scope['region']
        ) {
          scoped++;
          scopedRejected += rejected;
        }
      } else if (!labels.incidents.some((i) => t >= i.start && t < i.end)) {
        outside++;
        outsideRejected += rejected;
      }
    }
    expect(scoped).toBeGreaterThan(30);
    expect(scopedRejected / scoped).toBeGreaterThanOrEqual(0.3);
    expect(outsideRejected / outside).toBeLessThan(0.02);
  });

  it('rejects in bursts outside incidents: an overwhelmed kitchen rejects several orders within minutes', () => {
    const busy = new Map<string, number[]>();
    for (const r of on('orders')) {
      const v = json(r);
      if (v['status'] !== 'REJECTED' || v['reason'] !== 'kitchen_busy') continue;
      const list = busy.get(v['restaurantId'] as string) ?? [];
      list.push(time(r));
      busy.set(v['restaurantId'] as string, list);
    }
    // three kitchen_busy rejections of one kitchen within 5 minutes: at the everyday rate
    // (~0.5% of its ~1.5 orders a minute) that would take hours
    const bursts = [...busy.values()].filter((ts) =>
      ts.some((t, i) => ts[i + 2] !== undefined && ts[i + 2]! - t <= 5 * MINUTE),
    );
    expect(bursts.length).toBeGreaterThan(0);
  });

  it('shows UnderMinIsrPartitionCount > 0 in exactly the broker-outage minutes', () => {
    const outage = incident('broker-outage');
    const badMinutes = new Set<number>();
    const offlineMinutes = new Set<number>();
    const metrics = on('cluster-metrics');
    for (const r of metrics) {
      const v = json(r);
      const minute = Math.floor(time(r) / MINUTE) * MINUTE;
      if ((v['UnderMinIsrPartitionCount'] as number) > 0) badMinutes.add(minute);
      if ((v['OfflinePartitionsCount'] as number) > 0) {
        expect(v['ActiveControllerCount']).toBe(1);
        offlineMinutes.add(minute);
      }
    }
    const expected: number[] = [];
    for (let m = outage.start; m < outage.end; m += MINUTE) expected.push(m);
    expect([...badMinutes].sort()).toEqual(expected);
    expect(offlineMinutes.size).toBeGreaterThan(0);
    for (const m of offlineMinutes) expect(badMinutes.has(m)).toBe(true);
    expect(metrics.length).toBe(3 * 6 * 60);
  });

  it('raises the end-to-end probe latency during the broker outage', () => {
    const outage = incident('broker-outage');
    const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1] as number;
    const inside: number[] = [];
    const outside: number[] = [];
    for (const r of on('e2e-probe')) {
      const v = json(r);
      expect(v['consumedAt'] as number).toBe(
        (v['producedAt'] as number) + (v['latencyMs'] as number),
      );
      (time(r) >= outage.start && time(r) < outage.end ? inside : outside).push(
        v['latencyMs'] as number,
      );
    }
    expect(median(inside)).toBeGreaterThan(20 * median(outside));
  });

  it('fails most payments of the scoped provider during the payment outage', () => {
    const outage = incident('payment-outage');
    let attempts = 0;
    let failed = 0;
    for (const r of on('payments')) {
      const v = json(r);
      if (time(r) < outage.start || time(r) >= outage.end) continue;
      if (v['provider'] !== outage.scope['provider'] || v['status'] === 'ATTEMPTED') continue;
      attempts++;
      if (v['status'] === 'FAILED') failed++;
    }
    expect(failed / attempts).toBeGreaterThan(0.6);
  });

  it('places an order only after a successful payment for it', () => {
    const paidAt = new Map<string, number>();
    const unpaid: string[] = [];
    for (const r of records) {
      const status = r.topic === 'payments' || r.topic === 'orders' ? json(r)['status'] : null;
      if (r.topic === 'payments' && status === 'SUCCEEDED') paidAt.set(r.key as string, time(r));
      // orders placed in the first minutes may have paid before the period started
      if (r.topic === 'orders' && status === 'PLACED' && time(r) > params.start + 10 * MINUTE) {
        if (!(paidAt.get(r.key as string)! <= time(r))) unpaid.push(r.key as string);
      }
    }
    expect(unpaid).toEqual([]);
  });

  it('writes valid W3C traceparent headers, one trace per order, a new one after the join', () => {
    const format = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-01$/;
    const traceOf = new Map<string, string>();
    const problems: string[] = [];
    let joined = 0;
    for (const r of records) {
      if (!['orders', 'orders-rejected', 'payments'].includes(r.topic)) continue;
      const [name, value] = r.headers[0] ?? [];
      if (name !== 'traceparent' || !format.test(value ?? '')) problems.push(`${r.key}: ${value}`);
      const id = traceId(r) as string;
      const known = traceOf.get(r.key as string);
      if (r.topic === 'orders-rejected') {
        joined++;
        if (known === undefined || id === known) problems.push(`${r.key}: join kept the trace`);
      } else if (known === undefined) traceOf.set(r.key as string, id);
      else if (id !== known) problems.push(`${r.key}: trace changed on ${r.topic}`);
    }
    expect(problems).toEqual([]);
    expect(joined).toBeGreaterThan(0);
  });
});
