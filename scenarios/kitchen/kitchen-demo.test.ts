import { describe, expect, it } from 'vitest';
import type { Incident, KafkaRecord } from '../../formats/index.ts';
import { generateKitchen } from './generate-kitchen.ts';
import { KITCHEN_DEFAULTS, NEAR_MISS } from './params.ts';

const MINUTE = 60_000;
// the built-in demo: 24 hours from Monday 2026-01-05, seed 7
const { records, labels } = generateKitchen(KITCHEN_DEFAULTS);

const json = (r: KafkaRecord): Record<string, unknown> => JSON.parse(r.value ?? 'null');
const inside = (r: KafkaRecord, w: Incident): boolean =>
  (r.timestamp as number) >= w.start && (r.timestamp as number) < w.end;
const on = (topic: string, w: Incident): KafkaRecord[] =>
  records.filter((r) => r.topic === topic && inside(r, w));
const nearMiss = (kind: string): Incident => {
  const found = labels.incidents.find((i) => i.kind === NEAR_MISS && i.scope['resembles'] === kind);
  if (!found) throw new Error(`no near-miss like ${kind}`);
  return found;
};
const incidents = (kind: string): Incident[] => labels.incidents.filter((i) => i.kind === kind);

/** REJECTED / (ACCEPTED + REJECTED) of the orders of `region` decided in `w`. */
function rejectionRatio(region: string, w: Incident): number {
  let decided = 0;
  let rejected = 0;
  for (const r of on('orders', w)) {
    const v = json(r);
    if (v['region'] !== region || (v['status'] !== 'ACCEPTED' && v['status'] !== 'REJECTED'))
      continue;
    decided++;
    if (v['status'] === 'REJECTED') rejected++;
  }
  return rejected / decided;
}

/** FAILED / (SUCCEEDED + FAILED) of `provider`'s payment attempts in `w`. */
function failureShare(provider: string, w: Incident): number {
  let done = 0;
  let failed = 0;
  for (const r of on('payments', w)) {
    const v = json(r);
    if (v['provider'] !== provider || v['status'] === 'ATTEMPTED') continue;
    done++;
    if (v['status'] === 'FAILED') failed++;
  }
  return failed / done;
}

describe('the 24 h kitchen demo', () => {
  it('has two rejection spikes, one incident of each other kind and a near-miss like each kind', () => {
    const count = (kind: string) => incidents(kind).length;
    expect(
      ['rejection-spike', 'payment-outage', 'restaurant-closed', 'broker-outage'].map(count),
    ).toEqual([2, 1, 1, 1]);
    expect(
      incidents(NEAR_MISS)
        .map((i) => i.scope['resembles'])
        .sort(),
    ).toEqual(['broker-outage', 'payment-outage', 'rejection-spike', 'restaurant-closed']);
  });

  it("raises a region's rejection ratio over 14% in a spike, less in the near-miss", () => {
    const spikes = incidents('rejection-spike').map((s) => rejectionRatio(s.scope['region']!, s));
    for (const ratio of spikes) expect(ratio).toBeGreaterThan(0.14);
    // the near-miss rejects ~5% of the region's orders; with the kitchens' own bursts ~10%
    const near = nearMiss('rejection-spike');
    expect(rejectionRatio(near.scope['region']!, near)).toBeLessThan(0.12);
    expect(rejectionRatio(near.scope['region']!, near)).toBeLessThan(Math.min(...spikes));
  });

  it("fails over 60% of a provider's payments in the outage, under 40% in the near-miss", () => {
    const [outage] = incidents('payment-outage');
    expect(failureShare(outage!.scope['provider']!, outage!)).toBeGreaterThan(0.6);
    const near = nearMiss('payment-outage');
    expect(failureShare(near.scope['provider']!, near)).toBeLessThan(0.4);
  });

  it('restarts a broker in the near-miss with under-replicated partitions only, the probe under a second', () => {
    const near = nearMiss('broker-outage');
    const metrics = on('cluster-metrics', near).map(json);
    expect(metrics.length).toBe(3 * ((near.end - near.start) / MINUTE));
    expect(metrics.filter((m) => (m['UnderMinIsrPartitionCount'] as number) > 0)).toEqual([]);
    expect(metrics.filter((m) => (m['OfflinePartitionsCount'] as number) > 0)).toEqual([]);
    const restarted = metrics.filter((m) => String(m['broker']) === near.scope['broker']);
    expect(restarted.every((m) => (m['UnderReplicatedPartitions'] as number) > 0)).toBe(true);
    const probes = on('e2e-probe', near).map((r) => json(r)['latencyMs'] as number);
    expect(Math.max(...probes)).toBeLessThan(1000);
  });

  it('closes a restaurant for under 40 minutes in the near-miss, its whole window', () => {
    const near = nearMiss('restaurant-closed');
    const switches = records
      .filter((r) => r.topic === 'restaurant-status' && r.key === near.scope['restaurantId'])
      .map((r) => [r.timestamp, json(r)['status']]);
    expect(switches).toContainEqual([near.start, 'OFF']);
    expect(switches).toContainEqual([near.end, 'ON']);
    expect(near.end - near.start).toBeLessThan(40 * MINUTE);
  });
});
