import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKitchen, KITCHEN_DEFAULTS, type TraceTruth } from '../../scenarios/index.ts';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import type { TraceReport } from '../contract.ts';

const HOUR = 3_600_000;
const PARAMS = {
  ...KITCHEN_DEFAULTS,
  traceDrop: {
    service: 'delivery-service',
    start: KITCHEN_DEFAULTS.start + 11 * HOUR,
    end: KITCHEN_DEFAULTS.start + 15 * HOUR,
    share: 0.3,
  },
};
const TOPICS = ['payments', 'orders', 'orders-rejected'];
const OPTIONS = { key: 'orderId', topics: TOPICS, stage: 'status', listLimit: 100_000 };

/** DuckDB's quantile_cont: linear interpolation between the closest ranks (type 7). */
function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** The generator's hops per `from → to`: each order's records in time order, flow order on ties. */
function truthHops(truth: TraceTruth): Map<string, number[]> {
  const hops = new Map<string, number[]>();
  for (const events of truth.orders.values()) {
    const ordered = events
      .map((e, i) => ({ ...e, i, rank: TOPICS.indexOf(e.topic) }))
      .sort((a, b) => a.t - b.t || a.rank - b.rank || a.i - b.i);
    for (let i = 1; i < ordered.length; i++) {
      const key = `${ordered[i - 1]!.node} → ${ordered[i]!.node}`;
      const list = hops.get(key) ?? [];
      list.push(ordered[i]!.t - ordered[i - 1]!.t);
      hops.set(key, list);
    }
  }
  return hops;
}

let engine: Engine;
let truth: TraceTruth;
let report: TraceReport;
beforeAll(async () => {
  engine = await createNodeEngine();
  const generated = generateKitchen(PARAMS, { traceTruth: true });
  truth = generated.traceTruth!;
  const summary = await engine.loadRecords(generated.records, 'kitchen with a trace drop');
  report = await engine.traces(summary.end + 1, OPTIONS);
}, 300_000);
afterAll(() => engine.close());

describe('trace joins against the kitchen scenario’s ground truth', () => {
  it('finds every break the generator made (recall 100%) and little else (precision ≥ 99%)', () => {
    const expected = new Set(truth.breaks.map((b) => `${b.orderId}|${b.from}|${b.to}|${b.kind}`));
    const found = new Set(
      report.list.flatMap((t) => t.breakHops.map((b) => `${t.key}|${b.from}|${b.to}|${b.kind}`)),
    );
    const hits = [...expected].filter((b) => found.has(b)).length;
    expect(expected.size).toBeGreaterThan(100);
    expect(truth.breaks.some((b) => b.service === 'delivery-service')).toBe(true);
    expect(hits / expected.size).toBe(1);
    expect(hits / found.size).toBeGreaterThanOrEqual(0.99);
  });

  it('puts each break at the hop of the service that made it', () => {
    const byHop = new Map(report.breaks.map((b) => [`${b.kind} ${b.from} → ${b.to}`, b.count]));
    const count = (service: string, from: string, to: string) =>
      truth.breaks.filter((b) => b.service === service && b.from === from && b.to === to).length;
    expect(byHop.get('new-trace orders:REJECTED → orders-rejected:REJECTED')).toBe(
      count('rejections-processor', 'orders:REJECTED', 'orders-rejected:REJECTED'),
    );
    expect(byHop.get('header-missing orders:READY → orders:PICKED_UP')).toBe(
      count('delivery-service', 'orders:READY', 'orders:PICKED_UP'),
    );
  });

  it('stitches ≥ 99% of the orders whole: every record, first to last', () => {
    expect(report.list).toHaveLength(report.listTotal);
    const byKey = new Map(report.list.map((t) => [t.key, t]));
    let complete = 0;
    for (const [orderId, events] of truth.orders) {
      const t = byKey.get(orderId);
      const times = events.map((e) => e.t);
      if (
        t &&
        t.records === events.length &&
        t.start === Math.min(...times) &&
        t.end === Math.max(...times)
      ) {
        complete++;
      }
    }
    expect(truth.orders.size).toBeGreaterThan(10_000);
    expect(complete / truth.orders.size).toBeGreaterThanOrEqual(0.99);
    const broken = report.list.filter((t) => t.broken);
    expect(broken.every((t) => t.stitched)).toBe(true);
  });

  it('says the rejections copy inherits its timestamp: latency not measurable, not 0 ms', () => {
    const copy = report.hops.find((h) => h.to === 'orders-rejected:REJECTED')!;
    expect([copy.from, copy.p95Ms, copy.latencyMeasurable]).toEqual(['orders:REJECTED', 0, false]);
    expect(report.hops.filter((h) => !h.latencyMeasurable)).toHaveLength(1);
  });

  it('gives each hop’s p50 and p95 latency as the generator’s, within 1 ms', () => {
    const expected = truthHops(truth);
    expect(report.hops.map((h) => `${h.from} → ${h.to}`).sort()).toEqual(
      [...expected.keys()].sort(),
    );
    for (const hop of report.hops) {
      const latencies = expected.get(`${hop.from} → ${hop.to}`)!.sort((a, b) => a - b);
      expect(hop.count).toBe(latencies.length);
      expect(Math.abs(hop.p50Ms - quantile(latencies, 0.5))).toBeLessThanOrEqual(1);
      expect(Math.abs(hop.p95Ms - quantile(latencies, 0.95))).toBeLessThanOrEqual(1);
    }
  });
});
