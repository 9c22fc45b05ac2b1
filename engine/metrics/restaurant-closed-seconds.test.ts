import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { T0, recordsOf } from '../testing/test-records.ts';

const MIN = 60_000;
const status = (name: string, s: 'ON' | 'OFF') => ({ name, status: s, id: name });

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.loadRecords(
    recordsOf('restaurant-status', [
      { at: 0, value: status('A', 'ON') },
      { at: 30_000, value: status('B', 'OFF'), partition: 1 },
      { at: 90_000, value: status('A', 'OFF') },
      { at: 200_000, value: status('A', 'OFF') }, // a repeated OFF does not restart the clock
      { at: 100_000, value: status('A', 'ON') }, // late (stream time 200 s is past its minute): applies from 4:00
      { at: 330_000, value: status('A', 'ON') },
      { at: 400_000, value: status('A', 'OFF') },
    ]),
    'restaurant-closed-seconds test',
  );
});
afterAll(() => engine.close());

async function metric(time: number) {
  const frame = await engine.frame(T0 + time);
  const m = frame.metrics.find((x) => x.id === 'restaurant-closed-seconds')!;
  return {
    late: m.late,
    times: Array.from(m.series[0]!.times, (t) => (t - T0) / MIN),
    values: Object.fromEntries(m.series.map((s) => [s.label, Array.from(s.values)])),
  };
}

describe('restaurant-closed-seconds', () => {
  it('counts seconds since the first OFF of the current run, every minute, NaN while ON or unknown', async () => {
    expect(await metric(8 * MIN)).toEqual({
      late: 1,
      times: [0, 1, 2, 3, 4, 5, 6, 7, 8],
      values: {
        // from 4:00 the late ON at 1:40 is known: the run is the one from 3:20
        A: [NaN, NaN, 30, 90, 40, 100, NaN, 20, 80],
        B: [NaN, 30, 90, 150, 210, 270, 330, 390, 450],
      },
    });
  });

  it('uses only the status events delivered by the replay time', async () => {
    const { values } = await metric(5 * MIN + 59_000);
    expect(values.A).toEqual([NaN, NaN, 30, 90, 40, 100]);
  });
});
