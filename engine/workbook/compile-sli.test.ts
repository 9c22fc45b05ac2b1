import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { T0, recordsOf } from '../testing/test-records.ts';
import { useWorkbook } from '../testing/workbook-test-kit.ts';

const MIN = 60_000;
const report = (offline: number, underMinIsr: number) => ({
  OfflinePartitionsCount: offline,
  UnderMinIsrPartitionCount: underMinIsr,
});

const WORKBOOK = `name: sli test
slis:
  - id: cluster
    topic: cluster-metrics
    bad: OfflinePartitionsCount > 0 OR UnderMinIsrPartitionCount > 0
    objective: 99%
    period: 1h
  - id: cluster-strict
    topic: cluster-metrics
    bad: OfflinePartitionsCount > 0 OR UnderMinIsrPartitionCount > 0
    objective: 0.99
    period: 1h
    no_data: bad
  - id: requests
    topic: requests
    good: ok
    total: kind = 'req'
    objective: 0.9
alerts:
  - id: cluster-burn
    kind: burn_rate
    sli: cluster
    pairs: [{ long: 2m, short: 1m, factor: 10 }]
`;

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await useWorkbook(engine, WORKBOOK);
  await engine.loadRecords(
    [
      ...recordsOf('cluster-metrics', [
        { at: 10_000, value: report(0, 0) },
        { at: 20_000, value: report(0, 0), partition: 1 },
        { at: 70_000, value: report(0, 2) },
        { at: 200_000, value: report(1, 0) },
        { at: 210_000, value: report(0, 0), partition: 1 },
        { at: 250_000, value: report(0, 0) },
        { at: 30_000, value: report(5, 5) }, // late: excluded, so the first minute stays good
      ]),
      ...recordsOf('requests', [
        { at: 1000, value: { kind: 'req', ok: true } },
        { at: 2000, value: { kind: 'req', ok: false } },
        { at: 3000, value: { kind: 'req', ok: true } },
        { at: 4000, value: { kind: 'other', ok: false } },
        { at: 65_000, value: { kind: 'req', ok: true } },
      ]),
    ],
    'sli test',
  );
});
afterAll(() => engine.close());

async function sliAt(id: string, at: number) {
  const frame = await engine.frame(T0 + at);
  return frame.slis!.find((s) => s.id === id)!;
}

describe('SLI minute series', () => {
  it('a minute is bad when any on-time record passes `bad`, NaN without records', async () => {
    // at 4:10 the minute ending at 5 is still open: it is not part of the series yet
    const sli = await sliAt('cluster', 250_000);
    expect(sli.late).toBe(1);
    expect(sli.minutes.label).toBe('cluster');
    expect(Array.from(sli.minutes.times, (t) => (t - T0) / MIN)).toEqual([1, 2, 3, 4]);
    expect(Array.from(sli.minutes.values)).toEqual([0, 1, NaN, 1]);
  });

  it('summarises the service level so far against the budget of its period', async () => {
    // finished minutes 1–4, no data excluded: 2 bad of 3 minutes; budget 1% of 60 minutes = 0.6
    const { summary } = await sliAt('cluster', 250_000);
    expect(summary.dataMinutes).toBe(3);
    expect(summary.badMinutes).toBe(2);
    expect(summary.sli).toBeCloseTo(1 / 3, 12);
    expect(summary.errorBudgetMinutes).toBeCloseTo(0.6, 12);
    expect(summary.budgetLeft).toBeCloseTo(1 - 2 / 0.6, 12);
    expect(summary.burnRate).toBeCloseTo(2 / 3 / 0.01, 9);
    // no data counted bad: 3 bad of 4 minutes
    const strict = (await sliAt('cluster-strict', 250_000)).summary;
    expect([strict.dataMinutes, strict.badMinutes]).toEqual([4, 3]);
  });

  it('an events SLI is 1 − good/total of the records passing `total`', async () => {
    const sli = await sliAt('requests', 120_000);
    expect(Array.from(sli.minutes.values)).toEqual([1 - 2 / 3, 0]);
  });

  it('sli(id, time) adds the rolling SLI over the period and the burn rate of each rule window', async () => {
    const detail = await engine.sli('cluster', T0 + 250_000);
    expect(Array.from(detail.rolling.badMinutes.values)).toEqual([0, 1, 1, 2]);
    expect(detail.burnRates.map((b) => b.windowMinutes)).toEqual([1, 2]);
    // the 2-minute window at each finished minute, over the minutes with data, per 1% budget
    const burn2m = Array.from(detail.burnRates[1]!.series.values);
    expect(burn2m).toHaveLength(4);
    [0, 50, 100, 100].forEach((v, i) => expect(burn2m[i]).toBeCloseTo(v, 9));
    await expect(engine.sli('nope', T0)).rejects.toThrow(/SLI "nope" is not computed/);
  });

  it('burn-rate rules fire while both windows burn faster than the factor, up to the replay time', async () => {
    const [result] = await engine.alerts(T0 + 250_000);
    // 1-minute burn: 0, 100, NaN, 100 — both above 10 at minutes 2 and 4; the minute ending
    // at 5 is still open at 4:10, so the second alert is still firing
    expect(result).toEqual({
      id: 'cluster-burn',
      kind: 'burn_rate',
      error: null,
      series: 1,
      intervals: [
        { series: 'cluster', start: T0 + 2 * MIN, end: T0 + 3 * MIN },
        { series: 'cluster', start: T0 + 4 * MIN, end: null },
      ],
    });
  });
});
