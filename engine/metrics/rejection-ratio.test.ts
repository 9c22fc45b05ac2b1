import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { T0, recordsOf } from '../testing/test-records.ts';

const order = (status: string, region: string) => ({ status, region });

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.loadRecords(
    recordsOf('orders', [
      { at: 1_000, value: order('ACCEPTED', 'Dubai') },
      { at: 2_000, value: order('ACCEPTED', 'Dubai') },
      { at: 3_000, value: order('REJECTED', 'Dubai') },
      { at: 4_000, value: order('PLACED', 'Dubai') }, // not a decision
      { at: 5_000, value: order('PLACED', 'Riyadh') },
      { at: 60_000, value: order('ACCEPTED', 'Riyadh') },
      { at: 130_000, value: order('REJECTED', 'Dubai') },
      { at: 10_000, value: order('REJECTED', 'Dubai') }, // late: its minute closed at 60 s
    ]),
    'rejection-ratio test',
  );
});
afterAll(() => engine.close());

describe('rejection-ratio', () => {
  it('is REJECTED / (ACCEPTED + REJECTED) per region per minute, NaN without decisions', async () => {
    const frame = await engine.frame(T0 + 150_000);
    const m = frame.metrics.find((x) => x.id === 'rejection-ratio')!;
    expect(m.late).toBe(1);
    expect(m.series.map((s) => s.label)).toEqual(['Dubai', 'Riyadh']);
    expect(Array.from(m.series[0]!.times, (t) => t - T0)).toEqual([60_000, 120_000, 180_000]);
    expect(Array.from(m.series[0]!.values)).toEqual([1 / 3, NaN, 1]);
    expect(Array.from(m.series[1]!.values)).toEqual([NaN, 0, NaN]);
  });

  it('leaves out decisions not yet delivered at the replay time', async () => {
    const frame = await engine.frame(T0 + 59_999);
    const m = frame.metrics.find((x) => x.id === 'rejection-ratio')!;
    expect(m.series.map((s) => [s.label, Array.from(s.values)])).toEqual([['Dubai', [1 / 3]]]);
  });
});
