import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { T0, recordsOf } from '../testing/test-records.ts';
import { explanationMarkdown } from './explanation-markdown.ts';

const MIN = 60_000;

const WORKBOOK = `name: explain test
metrics:
  - { id: rejected, kind: count, topic: orders, filter: "status = 'REJECTED'", window: 1m }
  - id: reject-ratio
    kind: ratio
    topic: orders
    numerator: { kind: count, filter: "status = 'REJECTED'" }
    denominator: { kind: count, filter: "status IN ('ACCEPTED', 'REJECTED')" }
    by: region
    window: 1m
  - { id: amount, kind: sum, topic: orders, field: amount, window: 1m }
events: { topic: ops, type: type, detail: detail, source: service }
stages:
  topic: orders
  key: orderId
  steps:
    - { name: placed, status: PLACED }
    - { name: accepted, status: ACCEPTED }
    - { name: delivered, status: DELIVERED }
  failures:
    - { status: REJECTED, step: accepted }
`;

/**
 * 50 minutes of orders, ten per region a minute (five Talabat, five Careem), each decided 2 s
 * after it is placed. The first 40 minutes (the baseline) reject one order per region a minute:
 * A's first Careem order, B's first Talabat order. From minute 40 (the window) A rejects its
 * five Talabat orders instead; B goes on as before.
 */
function orders() {
  const rows: { at: number; value: unknown }[] = [];
  let n = 0;
  for (let m = 0; m < 50; m++) {
    for (const region of ['A', 'B']) {
      for (let i = 0; i < 10; i++) {
        const aggregator = i < 5 ? 'Talabat' : 'Careem';
        const at = m * MIN + i * 5_000 + (region === 'B' ? 1_000 : 0);
        const rejected = region === 'A' ? (m >= 40 ? i < 5 : i === 5) : i === 0;
        const orderId = `o-${n++}`;
        const base = { orderId, region, aggregator, amount: 10 };
        rows.push({ at, value: { ...base, status: 'PLACED' } });
        rows.push({
          at: at + 2_000,
          value: { ...base, status: rejected ? 'REJECTED' : 'ACCEPTED' },
        });
      }
    }
  }
  return recordsOf('orders', rows);
}

const OPS = recordsOf('ops', [
  { at: 10 * MIN, value: { type: 'POD_FAILED', service: 'menu-service', detail: 'OOMKilled' } },
  {
    at: 35 * MIN,
    value: { type: 'DEPLOY', service: 'talabat-adapter', detail: 'Talabat menu mapping' },
  },
  { at: 38 * MIN, value: { type: 'SCALE_UP', service: 'order-service', detail: 'replicas 4 → 8' } },
  {
    at: 49 * MIN + 30_000,
    value: { type: 'DEPLOY', service: 'talabat-adapter', detail: 'rollback' },
  },
]);

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  expect((await engine.loadWorkbook(WORKBOOK, 'explain.yaml')).accepted).toBe(true);
  await engine.loadRecords([...orders(), ...OPS], 'explain test');
});
afterAll(() => engine.close());

const WINDOW = { from: T0 + 40 * MIN, to: T0 + 50 * MIN, time: T0 + 50 * MIN };

describe('explain: a count metric', () => {
  it('puts all of the change on region A, aggregator Talabat and their combination, with hand-computed G-tests', async () => {
    const x = await engine.explain({ metric: 'rejected', ...WINDOW });
    expect(x.baseline).toEqual([{ from: T0, to: T0 + 40 * MIN }]);
    // W = 60 rejections, B = 80 over 4 window lengths: Δ = 60 − 20 = 40
    expect(x.value).toEqual({ window: 60, baseline: 20, change: 40 });
    const a = x.dimensions.find((d) => d.dimension === 'region' && d.value === 'A')!;
    expect([a.window, a.baseline, a.contribution, a.leave_one_out]).toEqual([50, 40, 1, 1]);
    // [[50, 10], [40, 40]]: G and p computed apart (Python, math.erfc)
    expect(a.g).toBeCloseTo(17.520943174795075, 10);
    expect(a.p_value / 2.841602600069825e-5).toBeCloseTo(1, 8);
    expect(x.dimensions.find((d) => d.value === 'B')).toBeUndefined();
    const talabat = x.dimensions.find((d) => d.dimension === 'aggregator' && d.value === 'Talabat');
    // Talabat: 60 in the window, 40 in the baseline: (60 − 10) / 40
    expect(talabat?.contribution).toBe(1.25);
    // A × Talabat: 50 in the window, none in the baseline: 50 / 40; G of [[50, 10], [0, 80]]
    expect(x.combinations[0]).toMatchObject({
      dimension: 'region × aggregator',
      value: 'A × Talabat',
      window: 50,
      baseline: 0,
      contribution: 1.25,
    });
    expect(x.combinations[0]!.g).toBeCloseTo(128.42449206438633, 9);
    expect(x.combinations[0]!.p_value / 9.063036591864595e-30).toBeCloseTo(1, 6);
    // the status field is held by the metric's filter: not a dimension
    expect(x.dimensions.some((d) => d.dimension === 'status')).toBe(false);
    expect(x.mixRate).toEqual([]);
  });

  it('finds the step in the rejections per minute (2 → 6) at the first window end after it, 40:00 → 41:00', async () => {
    const x = await engine.explain({ metric: 'rejected', ...WINDOW });
    const own = x.changePoints.find((c) => c.metric === 'rejected')!;
    expect([own.series, own.time, own.before, own.after]).toEqual(['all', T0 + 41 * MIN, 2, 6]);
    // the sum of amounts did not move: no change point there
    expect(x.changePoints.some((c) => c.metric === 'amount')).toBe(false);
  });

  it('ranks the Talabat deploy 5 minutes before the window first, its rollback in the window next, then the events naming nothing by lead', async () => {
    const x = await engine.explain({ metric: 'rejected', ...WINDOW });
    // onset: the window's start (40:00), before the change point (41:00)
    expect(x.events.map((e) => [e.type, e.lead_ms])).toEqual([
      ['DEPLOY', 5 * MIN],
      ['DEPLOY', -9.5 * MIN],
      ['SCALE_UP', 2 * MIN],
      ['POD_FAILED', 30 * MIN],
    ]);
    expect(x.events[0]!.matched).toEqual(['talabat']);
    expect(x.events[0]!.scope_overlap).toBe(1);
    // τ = max(10 min, window 10 min): ½ exp(−5/10) + ½ · 1
    expect(x.events[0]!.score).toBeCloseTo(0.5 * Math.exp(-0.5) + 0.5, 12);
    expect(x.events[2]!.score).toBeCloseTo(0.5 * Math.exp(-0.2), 12);
  });

  it('knows only what was delivered by the replay time: at 45:00 the window is cut there and the rollback is unknown', async () => {
    const x = await engine.explain({ metric: 'rejected', ...WINDOW, time: T0 + 45 * MIN });
    expect(x.window).toEqual({ from: T0 + 40 * MIN, to: T0 + 45 * MIN });
    // 5 minutes of 6 rejections against 20 minutes of baseline (4 × 5 min) at 2 a minute
    expect(x.value).toEqual({ window: 30, baseline: 10, change: 20 });
    expect(x.events.some((e) => e.detail === 'rollback')).toBe(false);
  });
});

describe('explain: a ratio metric', () => {
  it('splits the ratio change 0.1 → 0.3 into mix 0 and rate 0.2, all of it from region A', async () => {
    const x = await engine.explain({ metric: 'reject-ratio', ...WINDOW });
    expect(x.value!.baseline).toBeCloseTo(0.1, 14);
    expect(x.value!.window).toBeCloseTo(0.3, 14);
    const region = x.mixRate.find((m) => m.dimension === 'region')!;
    expect(region.mix).toBeCloseTo(0, 14);
    expect(region.rate).toBeCloseTo(0.2, 14);
    expect(region.mix + region.rate).toBeCloseTo(region.change, 14);
    const a = x.dimensions.find((d) => d.dimension === 'region' && d.value === 'A')!;
    expect(a.contribution).toBeCloseTo(1, 12);
    // A's own ratio 40/400 → 50/100: [[50, 50], [40, 360]]
    expect(a.g).toBeCloseTo(72.69767198494657, 9);
    expect(a.p_value / 1.5111224316973594e-17).toBeCloseTo(1, 6);
  });
});

describe('explain: stages and errors', () => {
  it('finds the failures grew at placed → accepted: 80/800 → 60/200', async () => {
    const x = await engine.explain({ metric: 'rejected', ...WINDOW });
    expect(x.stage).toMatchObject({
      stage: 'placed → accepted',
      windowCount: 140,
      baselineCount: 720,
      windowFailures: 60,
      baselineFailures: 80,
      windowMedianS: 2,
      baselineMedianS: 2,
      windowP95S: 2,
      baselineP95S: 2,
      timeGrowth: 0,
    });
    expect(x.stage!.failureGrowth).toBeCloseTo(2, 12);
    expect(x.stage!.failure_p_value / 1.567061507935391e-11).toBeCloseTo(1, 6);
    expect(x.stages[1]).toMatchObject({ stage: 'accepted → delivered', windowCount: 0, score: 0 });
  });

  it('splits a sum that did not move into nothing, and refuses an unknown metric or an empty window', async () => {
    const x = await engine.explain({ metric: 'amount', ...WINDOW });
    // 40 records of amount 10 a minute in both periods: 4000 in the window, 16000 / 4 before
    expect(x.value).toEqual({ window: 4000, baseline: 4000, change: 0 });
    expect(x.dimensions).toEqual([]);
    expect(x.formulas['dimensionContribution']).toBe('contribution(v) = (S₁ᵥ − S₀ᵥ / k) / Δ');
    await expect(engine.explain({ metric: 'nope', ...WINDOW })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('no metric "nope" in workbook "explain test"'),
    });
    await expect(
      engine.explain({
        metric: 'rejected',
        from: T0 + 50 * MIN,
        to: T0 + 60 * MIN,
        time: T0 + 50 * MIN,
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('empty window'),
    });
  });
});

describe('explain: the Markdown report', () => {
  it('holds the window, every table and the formulas', async () => {
    const md = explanationMarkdown(await engine.explain({ metric: 'reject-ratio', ...WINDOW }));
    expect(md).toContain('# What changed: reject-ratio');
    expect(md).toContain('Window 2026-01-05T00:40:00Z – 2026-01-05T00:50:00Z');
    expect(md).toContain(
      '| 2026-01-05T00:35:00Z | DEPLOY | talabat-adapter | Talabat menu mapping |',
    );
    expect(md).toMatch(/\| region \| A \| 50 \| 40 \| 100\.0% \| 1\.5e-17 \| 100\.0% \|/);
    expect(md).toMatch(/\| region \| 0\.1 \| 0\.3 \| 0\.2 \| [-0-9.e]+ \| 0\.2 \|/);
    expect(md).toContain('Grew most: **placed → accepted**.');
    expect(md).toContain('- **mixRate**: mix = Σᵥ');
  });
});

describe('explain: the workbook names the dimensions', () => {
  it('with dimensions: [region], only region is split (and no pair)', async () => {
    const only = `${WORKBOOK}dimensions: [region]\n`;
    expect((await engine.loadWorkbook(only, 'only-region.yaml')).accepted).toBe(true);
    const x = await engine.explain({ metric: 'rejected', ...WINDOW });
    expect(x.dimensions.map((d) => `${d.dimension}=${d.value}`)).toEqual(['region=A']);
    expect(x.combinations).toEqual([]);
    expect((await engine.loadWorkbook(WORKBOOK, 'explain.yaml')).accepted).toBe(true);
  });
});

describe('explain: reusing the frame shown', () => {
  it('answers the same after a frame at its replay time (reused) as after a frame at another time', async () => {
    await engine.frame(T0 + 20 * MIN);
    const fresh = await engine.explain({ metric: 'reject-ratio', ...WINDOW });
    await engine.frame(WINDOW.time);
    const reused = await engine.explain({ metric: 'reject-ratio', ...WINDOW });
    expect(reused).toEqual(fresh);
    expect(reused.changePoints.length).toBeGreaterThan(0);
  });
});
