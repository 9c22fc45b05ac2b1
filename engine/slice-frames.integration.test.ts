import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaRecord } from '../formats/index.ts';
import { generateKitchen, KITCHEN_DEFAULTS } from '../scenarios/index.ts';
import type { Frame, Series } from './contract.ts';
import type { Engine } from './engine.ts';
import { createNodeEngine } from './node.ts';
import { KITCHEN_WORKBOOK } from './workbook/index.ts';

const MIN = 60_000;

/**
 * DESIGN "Replay": a frame is a slice of one computation over the whole source plus the open
 * window. Checked here against the reference — every metric's SQL run over the records
 * delivered by the frame's time, as frames were computed before — at many replay times, on a
 * kitchen scenario with records delivered late (every 23rd record of three topics is dated
 * 10 minutes early: late for its 1-minute window, out of order in its partition), with the
 * bundled workbook as it is and with a 90 s grace period.
 */
function lateKitchen(): { records: KafkaRecord[]; start: number; end: number } {
  const { records } = generateKitchen({ ...KITCHEN_DEFAULTS, durationMs: 3 * 3600_000 });
  const seen = new Map(
    ['orders', 'restaurant-status', 'orders-rejected', 'e2e-probe'].map((t) => [t, 0]),
  );
  const out = records.map((r) => {
    const n = seen.get(r.topic);
    if (n === undefined || r.timestamp === null) return r;
    seen.set(r.topic, n + 1);
    return n % 23 === 22 ? { ...r, timestamp: r.timestamp - 600_000 } : r;
  });
  const times = out.map((r) => r.timestamp ?? NaN).filter(Number.isFinite);
  return { records: out, start: Math.min(...times), end: Math.max(...times) };
}

/** The metric frames of `frame` (metrics and SLIs) by id: late count, and series with NaN as text. */
function shown(frame: Frame): Map<string, { late: number; series: Series[] }> {
  const out = new Map<string, { late: number; series: Series[] }>();
  for (const m of frame.metrics) out.set(m.id, { late: m.late, series: m.series });
  for (const s of frame.slis ?? []) out.set(`sli ${s.id}`, { late: s.late, series: [s.minutes] });
  return out;
}

/**
 * The metrics with an average: DuckDB adds an avg's doubles in the order its plan reads them,
 * so the sliced and the recomputed query can differ in the last bits (and no more).
 */
const AVERAGES = new Set(['amount-avg', 'order-latency-avg']);

/** Whether `x` and `y` are the same number, or for an average within rounding of each other. */
function same(x: number, y: number, average: boolean): boolean {
  if (Object.is(x, y)) return true;
  return average && Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(x), Math.abs(y));
}

/** The first difference between two frames' views of a metric, or null (NaN equals NaN). */
function firstDifference(
  a: { late: number; series: Series[] },
  b: { late: number; series: Series[] },
  average = false,
): string | null {
  if (a.late !== b.late) return `late ${a.late} vs ${b.late}`;
  const labels = (x: typeof a) => x.series.map((s) => s.label).join(', ');
  if (labels(a) !== labels(b)) return `series [${labels(a)}] vs [${labels(b)}]`;
  for (const [i, sa] of a.series.entries()) {
    const sb = b.series[i]!;
    if (sa.times.length !== sb.times.length) {
      return `${sa.label}: ${sa.times.length} vs ${sb.times.length} samples`;
    }
    for (let k = 0; k < sa.times.length; k++) {
      if (sa.times[k] !== sb.times[k] || !same(sa.values[k]!, sb.values[k]!, average)) {
        const at = new Date(sb.times[k]!).toISOString();
        return `${sa.label} at ${at}: ${sa.values[k]} vs ${sb.values[k]}`;
      }
    }
  }
  return null;
}

/**
 * A hand-written workbook with every aggregate function, hopping windows, ratios on one topic
 * and on two, latencies, and an events SLI: the kinds whose open windows are read once for
 * many frames (`MetricSlice.openWindows`), and those queried per frame (the two-topic ratio,
 * the latencies).
 */
const EVERY_AGGREGATE = `name: every aggregate
options: { grace: 0s }
metrics:
  - { id: amount-sum, unit: AED, kind: sum, topic: orders, field: amount, by: region, window: 5m }
  - { id: amount-avg, unit: AED, kind: avg, topic: orders, field: amount, filter: "status = 'PLACED'", window: { size: 10m, hop: 2m } }
  - { id: amount-min, unit: AED, kind: min, topic: payments, field: amount, by: provider, window: 1m }
  - { id: amount-p90, unit: AED, kind: quantile, q: 0.9, topic: orders, field: amount, by: aggregator, window: 3m }
  - { id: users, unit: users, kind: count_distinct, topic: payments, field: userId, window: { size: 4m, hop: 1m } }
  - id: failed-share
    unit: ratio
    kind: ratio
    topic: payments
    numerator: { kind: count, filter: "status = 'FAILED'" }
    denominator: { kind: count }
    by: provider
    window: { size: 6m, hop: 3m }
  - id: rejected-per-placed
    unit: ratio
    kind: ratio
    topic: orders
    numerator: { kind: count, topic: orders-rejected }
    denominator: { kind: count, filter: "status = 'PLACED'" }
    window: 5m
  - id: pay-latency
    unit: s
    kind: latency
    topic: payments
    key: orderId
    from: { filter: "status = 'ATTEMPTED'" }
    to: { filter: "status IN ('SUCCEEDED', 'FAILED')" }
    stats: [min, max, count, p90, p99]
    by: provider
    window: 2m
  - id: order-latency-avg
    unit: s
    kind: latency
    topic: orders
    key: orderId
    from: { filter: "status = 'PLACED'" }
    to: { filter: "status = 'READY'" }
    stats: [avg, p50]
    window: { size: 10m, hop: 5m }
slis:
  - id: payments-ok
    topic: payments
    good: status = 'SUCCEEDED'
    total: status IN ('SUCCEEDED', 'FAILED')
    objective: 99%
    period: 1d
    no_data: exclude
`;

describe.each([
  ['the bundled workbook, computed as frames ask', KITCHEN_WORKBOOK.text, '0s', false, false],
  ['a 90 s grace period, prepared at load', KITCHEN_WORKBOOK.text, '90s', true, false],
  ['every aggregate, prepared at load', EVERY_AGGREGATE, '0s', true, false],
  // The raw-SQL metrics' as-of histories computed to the end before any frame reads them.
  ['the bundled workbook, its histories computed ahead', KITCHEN_WORKBOOK.text, '0s', true, true],
])('sliced frames equal recomputed ones (%s)', (_, workbook, grace, prepare, ahead) => {
  const source = lateKitchen();
  let sliced: Engine;
  let recomputed: Engine;

  beforeAll(async () => {
    sliced = await createNodeEngine({ computeAhead: ahead });
    recomputed = await createNodeEngine({ recomputeFrames: true });
    const text = workbook.replace(/grace: 0s/, `grace: ${grace}`);
    expect(text).toContain(`grace: ${grace}`);
    for (const engine of [sliced, recomputed]) {
      expect((await engine.loadWorkbook(text, 'kitchen.yaml')).accepted).toBe(true);
      await engine.loadRecords(source.records, 'late kitchen');
    }
    if (prepare) await sliced.prepare();
  }, 120_000);

  afterAll(() => {
    sliced?.close();
    recomputed?.close();
  });

  it('at replay times before, through and after the source, in any order', async () => {
    const { start, end } = source;
    const times = [start - MIN, start, start + 1, end, end + 90_000, end + 20 * MIN];
    // On window ends, just before and after them, and mid-window, spread over the source.
    // A moment later with the same records delivered (a frame reuses the open window's run).
    for (let t = start + 7 * MIN; t < end; t += 19 * MIN + 17_000) {
      times.push(t, t + 1, t - (t % MIN));
    }
    for (let t = start + 60 * MIN; t < end; t += 41 * MIN) times.push(t - (t % MIN) - 1);
    // Backwards too: a seek to an earlier time must not reuse a later one's open window.
    times.push(start + 110 * MIN + 5_000, start + 20 * MIN + 5_000);
    // Playing: steps of 1 s and of one animation frame, across window ends, where most frames
    // deliver records of some topics and none of the others (a metric reuses its open window's
    // run only while no record of a topic it reads was delivered).
    for (let i = 0; i < 40; i++) times.push(start + 95 * MIN - 20_000 + i * 1_000);
    for (let i = 0; i < 30; i++) times.push(start + 125 * MIN - 250 + i * 17);
    let samples = 0;
    const late = new Map<string, number>();
    for (const t of times) {
      const [a, b] = [shown(await sliced.frame(t)), shown(await recomputed.frame(t))];
      expect([...a.keys()]).toEqual([...b.keys()]);
      for (const [id, expected] of b) {
        const difference = firstDifference(a.get(id)!, expected, AVERAGES.has(id));
        expect(difference, `${id}, replay time ${new Date(t).toISOString()}`).toBeNull();
        for (const s of expected.series) samples += s.values.length;
        late.set(id, Math.max(late.get(id) ?? 0, expected.late));
      }
    }
    // The check is not vacuous: the frames hold samples, and late records were counted.
    expect(samples).toBeGreaterThan(20_000);
    if (workbook === EVERY_AGGREGATE) {
      expect(late.get('amount-sum')).toBeGreaterThan(0);
      return;
    }
    // Each kind counted late records: aggregates and a ratio in tumbling windows, a state, a
    // latency in hopping windows, an SLI. (The few rejections of these hours are never late.)
    const kinds = ['orders-per-aggregator', 'probe-latency', 'rejection-ratio'];
    kinds.push('restaurant-closed-seconds', 'time-per-order', 'sli e2e-probe');
    for (const id of kinds) {
      expect(late.get(id), id).toBeGreaterThan(0);
    }
  }, 300_000);

  it('alerts and explanations read the same frames', async () => {
    const t = source.start + 110 * MIN + 30_000;
    expect(await sliced.alerts(t)).toEqual(await recomputed.alerts(t));
  }, 120_000);
});
