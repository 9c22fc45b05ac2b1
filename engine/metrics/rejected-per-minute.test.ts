import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { T0, recordsOf } from '../testing/test-records.ts';

const rejected = { status: 'REJECTED' };

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.loadRecords(
    recordsOf('orders-rejected', [
      { at: 0, value: rejected },
      { at: 59_999, value: rejected },
      { at: 60_000, value: rejected, partition: 1 }, // on the boundary: the second minute
      { at: 150_000, value: rejected },
      { at: 30_000, value: rejected }, // late: stream time 150 s is past its minute
      { at: 200_000, value: null }, // a tombstone is a record on the topic too
    ]),
    'rejected-per-minute test',
  );
});
afterAll(() => engine.close());

async function metric(time: number) {
  const frame = await engine.frame(T0 + time);
  const m = frame.metrics.find((x) => x.id === 'rejected-per-minute')!;
  return {
    delivered: frame.delivered,
    late: m.late,
    labels: m.series.map((s) => s.label),
    times: Array.from(m.series[0]!.times, (t) => t - T0),
    values: Array.from(m.series[0]!.values),
  };
}

describe('rejected-per-minute', () => {
  it('counts records per 1-minute window, excluding and counting late ones', async () => {
    expect(await metric(170_000)).toEqual({
      delivered: 5,
      late: 1,
      labels: ['all'],
      times: [60_000, 120_000, 180_000],
      values: [2, 1, 1],
    });
  });

  it('leaves out records not yet delivered at the replay time', async () => {
    expect(await metric(100_000)).toEqual({
      delivered: 3,
      late: 0,
      labels: ['all'],
      times: [60_000, 120_000],
      values: [2, 1],
    });
  });

  it('gives 0 to a window without records', async () => {
    expect((await metric(250_000)).values).toEqual([2, 1, 1, 1, 0]);
  });
});
