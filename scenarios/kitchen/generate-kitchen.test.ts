import { describe, expect, it } from 'vitest';
import { generateKitchen } from './generate-kitchen.ts';
import { KITCHEN_DEFAULTS } from './params.ts';

const HOUR = 3_600_000;
const small = {
  ...KITCHEN_DEFAULTS,
  start: KITCHEN_DEFAULTS.start + 11 * HOUR,
  durationMs: 2 * HOUR,
};

describe('generateKitchen', () => {
  it('gives deep-equal records and labels for the same parameters', () => {
    const a = generateKitchen(small);
    const b = generateKitchen({ ...small, incidents: [...small.incidents] });
    expect(a.records.length).toBeGreaterThan(10_000);
    expect(b.records).toEqual(a.records);
    expect(b.labels).toEqual(a.labels);
  });

  it('gives different records for a different seed', () => {
    const a = generateKitchen(small);
    const b = generateKitchen({ ...small, seed: small.seed + 1 });
    expect(b.records.map((r) => r.value)).not.toEqual(a.records.map((r) => r.value));
  });

  it('labels the scenario and its parameters', () => {
    const { labels } = generateKitchen({ ...small, incidents: [] });
    expect(labels).toEqual({
      scenario: 'kitchen',
      params: { ...small, incidents: [] },
      incidents: [],
      traceBreaks: [
        {
          service: 'rejections-processor',
          kind: 'new-trace',
          from: 'orders:REJECTED',
          to: 'orders-rejected:REJECTED',
          start: small.start,
          end: small.start + small.durationMs,
          share: 1,
          description: 'the copy of a REJECTED order on orders-rejected carries a new trace id',
        },
      ],
    });
  });

  it('skips incidents that do not fit a short period, and labels none of them', () => {
    // 40 minutes: 10 min lead + the shortest incident (8 min broker outage) + 5 min tail fit;
    // the 45-minute restaurant closure does not
    const { labels } = generateKitchen({ ...small, durationMs: 40 * 60_000 });
    const kinds = labels.incidents.map((i) => i.kind);
    expect(kinds).not.toContain('restaurant-closed');
    expect(kinds.length).toBeGreaterThan(0);
    expect(generateKitchen({ ...small, durationMs: 20 * 60_000 }).labels.incidents).toEqual([]);
  });

  it('produces only cluster, probe, status and infra records with no orders per hour', () => {
    const { records } = generateKitchen({ ...small, ordersPerHour: 0, incidents: [] });
    // 120 minutes × (3 brokers + 1 probe) + one status snapshot per restaurant at the start
    expect(records.filter((r) => r.topic === 'cluster-metrics')).toHaveLength(360);
    expect(records.filter((r) => r.topic === 'e2e-probe')).toHaveLength(120);
    expect(
      records.filter((r) => r.topic === 'restaurant-status' && r.timestamp === small.start),
    ).toHaveLength(24);
    expect(records.filter((r) => r.topic === 'orders' || r.topic === 'payments')).toEqual([]);
  });

  it('rejects invalid parameters with the parameter name and value', () => {
    expect(() => generateKitchen({ ...small, durationMs: 0 })).toThrow(/durationMs: 0/);
    expect(() => generateKitchen({ ...small, restaurants: 2.5 })).toThrow(/restaurants: 2.5/);
    expect(() => generateKitchen({ ...small, seed: -1 })).toThrow(/seed: -1/);
    expect(() => generateKitchen({ ...small, incidents: ['flood' as never] })).toThrow(
      /incidents: "flood"/,
    );
  });
});
