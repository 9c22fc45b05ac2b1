import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { T0, recordsOf } from '../testing/test-records.ts';

const report = (offline: number, underMinIsr: number) => ({
  OfflinePartitionsCount: offline,
  UnderMinIsrPartitionCount: underMinIsr,
});

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.loadRecords(
    recordsOf('cluster-metrics', [
      { at: 10_000, value: report(0, 0) },
      { at: 20_000, value: report(0, 0), partition: 1 },
      { at: 70_000, value: report(0, 2) },
      { at: 200_000, value: report(1, 0) },
      { at: 210_000, value: report(0, 0), partition: 1 },
      { at: 250_000, value: report(0, 0) },
      { at: 30_000, value: report(5, 5) }, // late: excluded, so the first minute stays good
    ]),
    'cluster-bad-minutes test',
  );
});
afterAll(() => engine.close());

describe('cluster-bad-minutes', () => {
  it('is 1 for a minute with offline or under-min-ISR partitions, 0 if none, NaN without reports', async () => {
    const frame = await engine.frame(T0 + 250_000);
    const m = frame.metrics.find((x) => x.id === 'cluster-bad-minutes')!;
    expect(m.late).toBe(1);
    expect(m.series.map((s) => s.label)).toEqual(['bad']);
    expect(Array.from(m.series[0]!.times, (t) => t - T0)).toEqual([
      60_000, 120_000, 180_000, 240_000, 300_000,
    ]);
    expect(Array.from(m.series[0]!.values)).toEqual([0, 1, NaN, 1, 0]);
  });
});
