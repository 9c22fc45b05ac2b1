import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { recordsOf } from '../testing/test-records.ts';
import { metricAt, useWorkbook, workbookOf } from '../testing/workbook-test-kit.ts';

const sale = (shop: string, region: string, amount: number, user: string, kind = 'sale') => ({
  shop,
  region,
  amount,
  user,
  kind,
});

/** Minute 0: 10 + 30 + 5 (A x, A y, B x); minute 1: 20 (A x); minute 2: 40 (A x); one late record. */
const SALES = recordsOf('sales', [
  { at: 0, value: sale('A', 'x', 10, 'u1') },
  { at: 20_000, value: sale('A', 'y', 30, 'u2') },
  { at: 59_999, value: sale('B', 'x', 5, 'u1', 'refund') },
  { at: 60_000, value: sale('A', 'x', 20, 'u1') },
  { at: 130_000, value: sale('A', 'x', 40, 'u3') },
  { at: 10_000, value: sale('A', 'x', 1000, 'u9') }, // late: its minute closed at 60 s
]);

const metric = (id: string, body: string) =>
  `  - id: ${id}\n    topic: sales\n    window: 1m\n${body
    .trim()
    .split('\n')
    .map((l) => `    ${l.trim()}`)
    .join('\n')}`;

const WORKBOOK = workbookOf(
  [
    metric('count', 'kind: count'),
    metric('sales-by-shop', "kind: count\nfilter: kind = 'sale'\nby: shop"),
    metric('count-by-shop', 'kind: count\nby: shop'),
    metric('by-two', 'kind: count\nby: [shop, region]'),
    metric('sum', 'kind: sum\nfield: amount'),
    metric('avg', 'kind: avg\nfield: amount'),
    metric('min', 'kind: min\nfield: amount'),
    metric('max', 'kind: max\nfield: amount'),
    metric('p75', 'kind: quantile\nfield: amount\nq: 0.75'),
    metric('users', 'kind: count_distinct\nfield: user'),
    metric('double', 'kind: sum\nexpr: amount * 2'),
    metric(
      'refund-ratio',
      'kind: ratio\nnumerator: { kind: count, filter: "kind = \'refund\'" }\ndenominator: { kind: count }\nby: region',
    ),
  ].join('\n'),
);

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await useWorkbook(engine, WORKBOOK);
  await engine.loadRecords(SALES, 'aggregate test');
});
afterAll(() => engine.close());

describe('windowed aggregates (1-minute tumbling windows)', () => {
  it('count counts on-time records per window end and reports late ones apart', async () => {
    expect(await metricAt(engine, 'count', 150_000)).toEqual({
      late: 1,
      times: [60_000, 120_000, 180_000],
      values: { all: [3, 1, 1] },
    });
  });

  it('filter keeps matching records; by gives one series per value; empty windows are 0', async () => {
    expect((await metricAt(engine, 'sales-by-shop', 150_000)).values).toEqual({ A: [2, 1, 1] });
    expect((await metricAt(engine, 'count-by-shop', 150_000)).values).toEqual({
      A: [2, 1, 1],
      B: [1, 0, 0],
    });
  });

  it('by several fields labels a series with the values joined by " · "', async () => {
    expect((await metricAt(engine, 'by-two', 150_000)).values).toEqual({
      'A · x': [1, 1, 1],
      'A · y': [1, 0, 0],
      'B · x': [1, 0, 0],
    });
  });

  it('sum, avg, min, max, quantile and count_distinct of a field', async () => {
    const values = async (id: string) => (await metricAt(engine, id, 150_000)).values.all;
    expect(await values('sum')).toEqual([45, 20, 40]);
    expect(await values('avg')).toEqual([15, 20, 40]);
    expect(await values('min')).toEqual([5, 20, 40]);
    expect(await values('max')).toEqual([30, 20, 40]);
    // quantile_cont over 5, 10, 30 at 0.75: position 1.5 → 10 + 0.5 × 20
    expect(await values('p75')).toEqual([20, 20, 40]);
    expect(await values('users')).toEqual([2, 1, 1]);
    expect(await values('double')).toEqual([90, 40, 80]);
  });

  it('ratio divides the terms per window and label; NaN without denominator records', async () => {
    expect((await metricAt(engine, 'refund-ratio', 150_000)).values).toEqual({
      x: [0.5, 0, 0],
      y: [0, NaN, NaN],
    });
  });

  it('counts only the records delivered by the replay time', async () => {
    // at 59.999 s three records are delivered; the late one is not yet
    expect(await metricAt(engine, 'count', 59_999)).toEqual({
      late: 0,
      times: [60_000],
      values: { all: [3] },
    });
  });
});

describe('hopping windows (2 minutes, every minute)', () => {
  it('puts a record in every window that holds it, a boundary record only in those it starts', async () => {
    await useWorkbook(
      engine,
      workbookOf(`  - id: hop
    kind: count
    topic: sales
    window: { size: 2m, hop: 1m }`),
    );
    await engine.loadRecords(
      recordsOf('sales', [
        { at: 0, value: sale('A', 'x', 1, 'u1') },
        { at: 20_000, value: sale('A', 'x', 1, 'u1') },
        { at: 59_999, value: sale('A', 'x', 1, 'u1') },
        { at: 60_000, value: sale('A', 'x', 1, 'u1') },
        { at: 130_000, value: sale('A', 'x', 1, 'u1') },
        { at: 10_000, value: sale('A', 'x', 1, 'u1') }, // late for both of its windows
        { at: 70_000, value: sale('A', 'x', 1, 'u1') }, // late for [0, 2m), on time for [1m, 3m)
      ]),
      'hopping test',
    );
    // windows end at 1m: [-1m, 1m) → 0, 20 s, 59.999 s; 2m: [0, 2m) → those + 60 s;
    // 3m: [1m, 3m) → 60 s, 130 s and the 70 s record that came too late for [0, 2m)
    expect(await metricAt(engine, 'hop', 150_000)).toEqual({
      late: 2,
      times: [60_000, 120_000, 180_000],
      values: { all: [3, 4, 3] },
    });
  });

  it('ratio over two topics: the numerator joined to the denominator, 0 when it has no records', async () => {
    await useWorkbook(
      engine,
      workbookOf(`  - id: cross
    kind: ratio
    topic: sales
    numerator: { kind: count, topic: refunds }
    denominator: { kind: count }
    window: 1m`),
    );
    await engine.loadRecords(
      [
        ...recordsOf('sales', [
          { at: 0, value: sale('A', 'x', 1, 'u1') },
          { at: 1000, value: sale('A', 'x', 1, 'u1') },
          { at: 61_000, value: sale('A', 'x', 1, 'u1') },
        ]),
        ...recordsOf('refunds', [
          { at: 5000, value: { shop: 'A' } },
          { at: 125_000, value: { shop: 'A' } },
        ]),
      ],
      'cross-topic test',
    );
    // minute 0: 1 / 2; minute 1: 0 / 1; minute 2: 1 refund but no sales → NaN
    expect((await metricAt(engine, 'cross', 130_000)).values).toEqual({ all: [0.5, 0, NaN] });
  });
});
