import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { T0, recordsOf } from '../testing/test-records.ts';

const MIN = 60_000;
const placed = (aggregator: string) => ({ status: 'PLACED', aggregator });

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.loadRecords(
    recordsOf('orders', [
      { at: 0, value: placed('Talabat') },
      { at: 1 * MIN, value: placed('Talabat') },
      { at: 2 * MIN, value: { status: 'ACCEPTED', aggregator: 'Talabat' } },
      { at: 5 * MIN - 1, value: placed('Deliveroo') },
      { at: 5 * MIN, value: placed('Talabat') }, // on the boundary: the later window
      { at: 400_000, value: placed('Talabat') },
      { at: 610_000, value: placed('Deliveroo') }, // stream time 610 s: [0, 300 s) is final
      { at: 250_000, value: placed('Talabat') }, // late: its window closed at 300 s
      { at: 605_000, value: placed('Deliveroo') }, // out of order, but its window is open
      { at: 800_000, value: placed('Talabat') },
    ]),
    'orders-per-aggregator test',
  );
});
afterAll(() => engine.close());

async function series(time: number) {
  const frame = await engine.frame(T0 + time);
  const metric = frame.metrics.find((m) => m.id === 'orders-per-aggregator')!;
  return {
    late: metric.late,
    times: Array.from(metric.series[0]?.times ?? [], (t) => t - T0),
    values: Object.fromEntries(metric.series.map((s) => [s.label, Array.from(s.values)])),
  };
}

describe('orders-per-aggregator', () => {
  it('counts PLACED orders per aggregator in 5-minute windows, sampled at window ends', async () => {
    expect(await series(700_000)).toEqual({
      late: 1,
      times: [300_000, 600_000, 900_000],
      values: { Deliveroo: [1, 0, 2], Talabat: [2, 2, 0] },
    });
  });

  it('includes the open window with its partial count once more records are delivered', async () => {
    const { values, times } = await series(900_000);
    expect(times).toEqual([300_000, 600_000, 900_000, 1_200_000]);
    expect(values).toEqual({ Deliveroo: [1, 0, 2, 0], Talabat: [2, 2, 1, 0] });
  });

  it('counts only records delivered by the replay time', async () => {
    expect(await series(299_999)).toEqual({
      late: 0,
      times: [300_000],
      values: { Deliveroo: [1], Talabat: [2] },
    });
  });
});
