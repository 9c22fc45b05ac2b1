import { describe, expect, it } from 'vitest';
import { generateKitchen } from './generate-kitchen.ts';
import { KITCHEN_DEFAULTS } from './params.ts';
import { dropsContext, TraceTruth } from './trace-truth.ts';

const HOUR = 3_600_000;
const small = {
  ...KITCHEN_DEFAULTS,
  start: KITCHEN_DEFAULTS.start + 11 * HOUR,
  durationMs: 2 * HOUR,
};
const drop = {
  service: 'delivery-service',
  start: small.start + 30 * 60_000,
  end: small.start + 90 * 60_000,
  share: 0.4,
};
const header = (r: { headers: Array<[string, string | null]> }, name: string) =>
  r.headers.find(([n]) => n === name)?.[1] ?? null;
const orderId = (r: { value: string | null }) =>
  (JSON.parse(r.value!) as { orderId: string }).orderId;

describe('TraceTruth', () => {
  it('records a break where the context is first dropped and where a new trace starts', () => {
    const truth = new TraceTruth();
    truth.add('o-1', 'orders', 'orders:PLACED', 0, 'kept', 'web');
    truth.add('o-1', 'orders', 'orders:READY', 5, 'kept', 'kitchen-service');
    truth.add('o-1', 'orders', 'orders:PICKED_UP', 9, 'dropped', 'delivery-service');
    truth.add('o-1', 'orders', 'orders:DELIVERED', 20, 'dropped', 'delivery-service');
    truth.add('o-2', 'orders', 'orders:REJECTED', 3, 'kept', 'kitchen-service');
    truth.add('o-2', 'orders-rejected', 'orders-rejected:REJECTED', 3, 'new', 'rejections');
    expect(truth.breaks).toEqual([
      {
        orderId: 'o-1',
        from: 'orders:READY',
        to: 'orders:PICKED_UP',
        kind: 'header-missing',
        service: 'delivery-service',
      },
      {
        orderId: 'o-2',
        from: 'orders:REJECTED',
        to: 'orders-rejected:REJECTED',
        kind: 'new-trace',
        service: 'rejections',
      },
    ]);
    expect(truth.orders.get('o-1')!.map((e) => e.t)).toEqual([0, 5, 9, 20]);
  });
});

describe('kitchen trace context drop', () => {
  const plain = generateKitchen(small);
  const dropped = generateKitchen({ ...small, traceDrop: drop }, { traceTruth: true });

  it('removes the header from exactly the named service’s records of the chosen orders in the window', () => {
    expect(dropped.records).toHaveLength(plain.records.length);
    let removed = 0;
    for (const [i, r] of dropped.records.entries()) {
      const before = plain.records[i]!;
      const t = r.timestamp!;
      const expected =
        r.topic === 'orders' &&
        dropsContext(drop, small.seed, orderId(r), header(r, 'source') ?? '', t);
      if (expected) removed++;
      expect(header(r, 'traceparent') === null).toBe(
        expected || header(before, 'traceparent') === null,
      );
      expect({ ...r, headers: [] }).toEqual({ ...before, headers: [] });
    }
    // about 40% of the orders picked up or delivered in the hour
    const inWindow = dropped.records.filter(
      (r) =>
        header(r, 'source') === 'delivery-service' &&
        r.timestamp! >= drop.start &&
        r.timestamp! < drop.end,
    ).length;
    expect(removed / inWindow).toBeGreaterThan(0.3);
    expect(removed / inWindow).toBeLessThan(0.5);
  });

  it('labels the drop as an incident and a trace break, beside the rejections processor', () => {
    expect(dropped.labels.incidents.filter((i) => i.kind === 'trace-context-drop')).toEqual([
      {
        id: 'trace-context-drop-1',
        kind: 'trace-context-drop',
        start: drop.start,
        end: drop.end,
        scope: { service: 'delivery-service' },
        description: 'delivery-service drops the trace context (traceparent) of 40% of the orders',
      },
    ]);
    expect(
      dropped.labels.traceBreaks!.map((b) => [b.service, b.kind, b.from, b.to, b.share]),
    ).toEqual([
      ['rejections-processor', 'new-trace', 'orders:REJECTED', 'orders-rejected:REJECTED', 1],
      ['delivery-service', 'header-missing', 'orders:READY', 'orders:PICKED_UP', 0.4],
    ]);
  });

  it('gives each order’s records as truth, one event per traced-topic record', () => {
    const truth = dropped.traceTruth!;
    const traced = dropped.records.filter((r) =>
      ['orders', 'payments', 'orders-rejected'].includes(r.topic),
    );
    const events = [...truth.orders.values()].reduce((n, e) => n + e.length, 0);
    expect(events).toBe(traced.length);
    const drops = truth.breaks.filter((b) => b.service === 'delivery-service');
    expect(drops.length).toBeGreaterThan(0);
    // where the service first writes for an order (3 in 4: rides are long beside the hour), or its
    // later write when the window opened
    // between the two
    const hops = drops.map((b) => `${b.from}→${b.to}`);
    const first = hops.filter((h) => h === 'orders:READY→orders:PICKED_UP').length;
    expect(first / hops.length).toBeGreaterThan(0.6);
    expect(
      hops.every((h) =>
        [
          'orders:READY→orders:PICKED_UP',
          'orders:PICKED_UP→orders:DELIVERED',
          'orders:PICKED_UP→orders:DELIVERY_FAILED',
        ].includes(h),
      ),
    ).toBe(true);
  });
});
