import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { T0, recordsOf } from '../testing/test-records.ts';

// Issue 12: the dimension analysis of a latency (a mean-like metric) and of a state duration,
// each checked against a case computed by hand.
const MIN = 60_000;

const WORKBOOK = `name: value explain test
metrics:
  - id: decide-time
    kind: latency
    from: { topic: orders, key: orderId, filter: "status = 'PLACED'" }
    to: { topic: orders, key: orderId, filter: "status IN ('ACCEPTED', 'REJECTED')" }
    stats: [p50]
    by: region
    window: 1m
  - { id: rejections, kind: count, topic: rej, window: 1m }
  - { id: rush-rejections, kind: count, topic: rej2, window: 1m }
  - { id: uniform-rejections, kind: count, topic: rej3, window: 1m }
  - { id: spread-rejections, kind: count, topic: rej4, window: 1m }
  - id: closed-seconds
    kind: state_duration
    topic: kitchens
    key: name
    state: status
    value: 'OFF'
    every: 1m
`;

/**
 * 50 minutes, one order per region a minute, decided after 2 s (A) and 4 s (B) in the first 40
 * minutes (the baseline); from minute 40 (the window) A takes 10 s, B still 4 s.
 */
function orders() {
  const rows: { at: number; value: unknown }[] = [];
  for (let m = 0; m < 50; m++) {
    for (const region of ['A', 'B']) {
      const at = m * MIN + (region === 'B' ? 1_000 : 0);
      const seconds = region === 'A' ? (m >= 40 ? 10 : 2) : 4;
      const orderId = `o-${m}-${region}`;
      rows.push({ at, value: { orderId, region, status: 'PLACED' } });
      rows.push({ at: at + seconds * 1000, value: { orderId, region, status: 'ACCEPTED' } });
    }
  }
  return recordsOf('orders', rows);
}

/** Three kitchens ON at the start; K2 OFF 10:00–20:00 (baseline), K1 OFF 42:00–47:00 (window). */
const KITCHENS = recordsOf('kitchens', [
  { at: 0, value: { name: 'K1', status: 'ON' } },
  { at: 0, value: { name: 'K2', status: 'ON' } },
  { at: 0, value: { name: 'K3', status: 'ON' } },
  { at: 10 * MIN, value: { name: 'K2', status: 'OFF' } },
  { at: 20 * MIN, value: { name: 'K2', status: 'ON' } },
  { at: 42 * MIN, value: { name: 'K1', status: 'OFF' } },
  { at: 47 * MIN, value: { name: 'K1', status: 'ON' } },
]);

/**
 * Rejections with a region and its currency (Dubai and Abu Dhabi: AED; Riyadh: SAR): 4 a minute
 * in each region for 40 minutes; then for 10 minutes Dubai 12 a minute, Abu Dhabi 4.5, Riyadh 4.
 */
function rejections() {
  const rows: { at: number; value: unknown }[] = [];
  const regions = [
    ['Dubai', 'AED'],
    ['Abu Dhabi', 'AED'],
    ['Riyadh', 'SAR'],
  ] as const;
  for (let m = 0; m < 50; m++) {
    for (const [region, currency] of regions) {
      const n =
        m < 40
          ? 4
          : region === 'Dubai'
            ? 12
            : region === 'Abu Dhabi'
              ? 4 + (m % 2 === 0 ? 1 : 0)
              : 4;
      for (let i = 0; i < n; i++) {
        rows.push({ at: m * MIN + i * 2_000 + 500, value: { region, currency } });
      }
    }
  }
  return recordsOf('rej', rows);
}

/**
 * As `rejections` (on topic `rej2`), but in the window Abu Dhabi has its own rush: 7 a minute
 * (Dubai 12, Riyadh 4).
 */
function rushRejections() {
  const rows: { at: number; value: unknown }[] = [];
  const regions = [
    ['Dubai', 'AED', 12],
    ['Abu Dhabi', 'AED', 7],
    ['Riyadh', 'SAR', 4],
  ] as const;
  for (let m = 0; m < 50; m++) {
    for (const [region, currency, busy] of regions) {
      const n = m < 40 ? 4 : busy;
      for (let i = 0; i < n; i++) {
        rows.push({
          at: m * MIN + i * 2_000 + 500,
          value: { region, currency },
        });
      }
    }
  }
  return recordsOf('rej2', rows);
}

/**
 * Rejections of five restaurants in two regions (X: X1, X2, X3; Y: Y1, Y2) on `topic`: per
 * restaurant, how many in the baseline (40 min) and in the window (10 min).
 */
function kitchenRejections(topic: string, counts: Record<string, readonly [number, number]>) {
  const rows: { at: number; value: unknown }[] = [];
  for (const [restaurant, [before, during]] of Object.entries(counts)) {
    const region = restaurant.slice(0, 1);
    for (let i = 0; i < before; i++) {
      rows.push({ at: ((i * 40) / before) * MIN + 700, value: { restaurant, region } });
    }
    for (let i = 0; i < during; i++) {
      rows.push({ at: (40 + (i * 10) / during) * MIN + 700, value: { restaurant, region } });
    }
  }
  return recordsOf(topic, rows);
}
/** Region X's rejections 4× in every restaurant (X1 the busiest); Y's as before. */
const UNIFORM = { X1: [16, 16], X2: [4, 4], X3: [4, 4], Y1: [40, 10], Y2: [40, 10] } as const;
/** X1's rejections doubled, X2's and X3's 3× (X1's share of X grew, yet it carries under half). */
const SPREAD = { X1: [4, 8], X2: [8, 6], X3: [8, 6], Y1: [40, 10], Y2: [40, 10] } as const;

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  expect((await engine.loadWorkbook(WORKBOOK, 'value-explain.yaml')).accepted).toBe(true);
  await engine.loadRecords(
    [
      ...orders(),
      ...KITCHENS,
      ...rejections(),
      ...rushRejections(),
      ...kitchenRejections('rej3', UNIFORM),
      ...kitchenRejections('rej4', SPREAD),
    ],
    'value explain test',
  );
});
afterAll(() => engine.close());

const WINDOW = { from: T0 + 40 * MIN, to: T0 + 50 * MIN, time: T0 + 50 * MIN };

describe('explain: a latency, split by the records beyond the baseline’s statistic', () => {
  it('gives region A all of the extra pairs above the baseline median (3 s), with a hand-computed G-test', async () => {
    const x = await engine.explain({ metric: 'decide-time', ...WINDOW });
    // baseline: 40 pairs of 2 s and 40 of 4 s, median τ₀ = 3; window: 10 of 10 s and 10 of 4 s,
    // median 7 (quantile_cont halfway between 4 and 10)
    expect(x.value).toEqual({ window: 7, baseline: 3, change: 4 });
    // beyond τ₀: A 10 of 10 in the window, 0 of 40 before; B 10 of 10 and 40 of 40.
    // A₁ = 20, A₀ = 40, k = 4: Δ = 20 − 10 = 10; A (10 − 0) / 10 = 1, B (10 − 10) / 10 = 0
    const a = x.dimensions.find((d) => d.dimension === 'region' && d.value === 'A')!;
    expect([a.window, a.windowDen, a.baseline, a.baselineDen]).toEqual([10, 10, 0, 40]);
    expect([a.contribution, a.leave_one_out]).toEqual([1, 1]);
    // [[10, 10], [0, 40]] (G and p computed apart, Python math.erfc)
    expect(a.g).toBeCloseTo(26.34145784155875, 9);
    expect(a.p_value / 2.8608137871951277e-7).toBeCloseTo(1, 6);
    // B explains none of it: left out
    expect(x.dimensions.map((d) => d.value)).toEqual(['A']);
    // the pair's key and the filters' status are not dimensions
    expect(x.dimensions.some((d) => d.dimension === 'status' || d.dimension === 'orderId')).toBe(
      false,
    );
    expect(x.formulas['dimensionContribution']).toContain('(A₁ᵥ − A₀ᵥ / k) / Δ');
  });
});

describe('explain: a state duration, split by the time each key spent in the state', () => {
  it('puts 2× the change on K1 (300 s OFF in the window) and −1× on K2 (600 s in the baseline)', async () => {
    const x = await engine.explain({ metric: 'closed-seconds', ...WINDOW });
    // T₁ = 300 s, T₀ = 600 s over 4 window lengths: Δ = 300 − 150 = 150
    expect(x.value).toEqual({ window: 300, baseline: 150, change: 150 });
    const k1 = x.dimensions.find((d) => d.value === 'K1')!;
    expect(k1).toMatchObject({ dimension: 'name', window: 300, baseline: 0, contribution: 2 });
    expect(k1.leave_one_out).toBe(2);
    // in the metric's evaluations (1 min): K1 5 of 10 in the window, 0 of 40 in the baseline
    expect(k1.g).toBeCloseTo(18.645353727945924, 9);
    expect(k1.p_value / 1.5743046003998467e-5).toBeCloseTo(1, 6);
    const k2 = x.dimensions.find((d) => d.value === 'K2');
    // K2: (0 − 600/4) / 150 = −1, below every threshold: left out; K3 never OFF: 0, left out
    expect(k2).toBeUndefined();
    expect(x.dimensions.map((d) => d.value)).toEqual(['K1']);
    expect(x.formulas['dimensionContribution']).toBe('contribution(v) = (T₁ᵥ − T₀ᵥ / k) / Δ');
  });
});

describe('explain: a slice before a wider one holding it when the change concentrates in it', () => {
  it('lists Dubai before AED: AED explains more (85/85 against 80/85) but Dubai carries most of it and its share of AED grew', async () => {
    const x = await engine.explain({ metric: 'rejections', ...WINDOW });
    // W = 120 + 45 + 40 = 205, B = 480 over 4 window lengths: Δ = 205 − 120 = 85
    expect(x.value).toEqual({ window: 205, baseline: 120, change: 85 });
    const of = (v: string) => x.dimensions.find((d) => d.value === v)!;
    // AED (165 − 80) / 85 = 1, Dubai (120 − 40) / 85, Abu Dhabi (45 − 40) / 85
    expect(of('AED').contribution).toBe(1);
    expect(of('Dubai').contribution).toBeCloseTo(80 / 85, 12);
    // both significant: AED [[165, 40], [320, 160]], Dubai [[120, 85], [160, 320]] (Python)
    expect(of('AED').g).toBeCloseTo(13.937107297214169, 9);
    expect(of('Dubai').g).toBeCloseTo(37.43414514944936, 9);
    // Dubai carries 80 of AED's 85 (over ½), and its share of AED's records grew (160/320 before,
    // 120/165 in the window)
    expect(x.dimensions.map((d) => d.value).slice(0, 2)).toEqual(['Dubai', 'AED']);
  });

  it('lists Dubai before AED when Abu Dhabi had a rush of its own, as the change concentrates in Dubai', async () => {
    const x = await engine.explain({ metric: 'rush-rejections', ...WINDOW });
    // W = 120 + 70 + 40 = 230, B = 480: Δ = 230 − 120 = 110
    expect(x.value).toEqual({ window: 230, baseline: 120, change: 110 });
    const of = (v: string) => x.dimensions.find((d) => d.value === v)!;
    expect(of('AED').contribution).toBe(1);
    expect(of('Dubai').contribution).toBeCloseTo(80 / 110, 12);
    // Abu Dhabi moved against Riyadh too ([[70, 40], [160, 160]], p = 0.013: the rule before
    // kept AED first), yet Dubai carries 80 of AED's 110 and its share of AED grew (1/2 → 12/19)
    expect(x.dimensions.map((d) => d.value).slice(0, 2)).toEqual(['Dubai', 'AED']);
  });
});

describe('explain: a wider slice before a narrower one when the change does not concentrate in it', () => {
  it('lists region X before X1 when all of X moved alike: X1 carries 2/3 of the change, as it held 2/3 of the records', async () => {
    const x = await engine.explain({ metric: 'uniform-rejections', ...WINDOW });
    // W = 16 + 4 + 4 + 10 + 10 = 44, B = 104 over 4 window lengths: Δ = 44 − 26 = 18
    expect(x.value).toEqual({ window: 44, baseline: 26, change: 18 });
    const of = (v: string) => x.dimensions.find((d) => d.value === v)!;
    expect(of('X').contribution).toBe(1);
    expect(of('X1').contribution).toBeCloseTo(12 / 18, 12);
    // both significant: X [[24, 20], [24, 80]], X1 [[16, 28], [16, 88]] (Python)
    expect(of('X').g).toBeCloseTo(13.510224186573232, 9);
    expect(of('X1').g).toBeCloseTo(7.5532262534282015, 9);
    // X1 carries 12 of X's 18, over half, but its share of X's records stayed 16/24: X names it
    expect(x.dimensions.map((d) => d.value).slice(0, 2)).toEqual(['X', 'X1']);
  });

  it('lists region X before X1 when X1’s share of X grew but it carries under half of X’s change', async () => {
    const x = await engine.explain({ metric: 'spread-rejections', ...WINDOW });
    // W = 8 + 6 + 6 + 20 = 40, B = 100: Δ = 40 − 25 = 15; X (20 − 5) / 15, X1 (8 − 1) / 15
    expect(x.value).toEqual({ window: 40, baseline: 25, change: 15 });
    const of = (v: string) => x.dimensions.find((d) => d.value === v)!;
    expect(of('X').contribution).toBe(1);
    expect(of('X1').contribution).toBeCloseTo(7 / 15, 12);
    // X1 significant on its own: [[8, 32], [4, 96]] (Python); its share of X grew (4/20 → 8/20)
    expect(of('X1').g).toBeCloseTo(8.281347742381591, 9);
    expect(x.dimensions.map((d) => d.value).slice(0, 2)).toEqual(['X', 'X1']);
  });
});
