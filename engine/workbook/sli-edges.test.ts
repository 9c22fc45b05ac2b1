import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { T0, recordsOf } from '../testing/test-records.ts';
import { useWorkbook } from '../testing/workbook-test-kit.ts';

/**
 * Which minutes an SLI counts, at the edges of the source and of the replay time. The source
 * starts at 0:30 (mid-minute) and ends at 5:20 (mid-minute). Probes (bad above 1000 ms): 1:01
 * good, 2:01 bad, none in minute 3, 4:01 good, 5:01 good — none in the half-covered minute 0.
 * Checks: 0:40 failed (in the half-covered minute 0), then one passing check every minute.
 */
const MIN = 60_000;

const probeSli = (id: string, noData: string) => `  - id: ${id}
    topic: probe
    bad: latencyMs > 1000
    objective: 0.5
    period: 1h
    no_data: ${noData}`;

const WORKBOOK = `name: sli edges
slis:
${probeSli('probe-bad', 'bad')}
${probeSli('probe-good', 'good')}
${probeSli('probe-exclude', 'exclude')}
  - id: checks
    topic: checks
    bad: failed
    objective: 0.5
    period: 1h
    no_data: bad
alerts:
  - id: probe-burn
    kind: burn_rate
    sli: probe-bad
    pairs: [{ long: 2m, short: 1m, factor: 1.5 }]
`;

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await useWorkbook(engine, WORKBOOK);
  const probe = (latencyMs: number) => ({ latencyMs });
  const check = (failed: boolean) => ({ failed });
  await engine.loadRecords(
    [
      ...recordsOf('other', [
        { at: 30_000, value: { x: 1 } },
        { at: 320_000, value: { x: 1 } },
      ]),
      ...recordsOf('probe', [
        { at: 61_000, value: probe(20) },
        { at: 121_000, value: probe(2000) },
        { at: 241_000, value: probe(20) },
        { at: 301_000, value: probe(20) },
      ]),
      ...recordsOf('checks', [
        { at: 40_000, value: check(true) },
        { at: 70_000, value: check(false) },
        { at: 130_000, value: check(false) },
        { at: 190_000, value: check(false) },
        { at: 250_000, value: check(false) },
        { at: 310_000, value: check(false) },
      ]),
    ],
    'sli edges',
  );
});
afterAll(() => engine.close());

/** An SLI of the frame at `T0 + at`: its minutes (minute ends in minutes after T0) and summary. */
async function sliAt(id: string, at: number) {
  const frame = await engine.frame(T0 + at);
  const sli = frame.slis!.find((s) => s.id === id)!;
  const { minutes, dataMinutes, badMinutes } = sli.summary;
  return {
    ends: Array.from(sli.minutes.times, (t) => (t - T0) / MIN),
    values: Array.from(sli.minutes.values),
    counts: { minutes, dataMinutes, badMinutes },
  };
}

describe('SLI minutes count only when finished and covered by the source', () => {
  it('a half-covered first minute without data is left out under every no_data policy', async () => {
    // at 4:00.5: minute 0 (from 0:30) has no probe → not counted; minutes 1–3 are finished
    // (1 good, 2 bad, 3 no data); minute 4 is still open.
    for (const [id, dataMinutes, badMinutes] of [
      ['probe-bad', 3, 2], // minute 3 (no data, fully covered) counts bad
      ['probe-good', 3, 1], // … counts good
      ['probe-exclude', 2, 1], // … is left out
    ] as const) {
      const sli = await sliAt(id, 4 * MIN + 500);
      expect(sli.ends, id).toEqual([2, 3, 4]);
      expect(sli.values, id).toEqual([0, 1, NaN]);
      expect(sli.counts, id).toEqual({ minutes: 3, dataMinutes, badMinutes });
    }
  });

  it('a half-covered first minute with data counts with its value', async () => {
    // the failed check at 0:40 makes minute 0 bad; minutes 1–3 pass; minute 4 is open
    const sli = await sliAt('checks', 4 * MIN + 500);
    expect(sli.ends).toEqual([1, 2, 3, 4]);
    expect(sli.values).toEqual([1, 0, 0, 0]);
    expect(sli.counts).toEqual({ minutes: 4, dataMinutes: 4, badMinutes: 1 });
  });

  it('the open minute does not count, not even with a bad record already in it', async () => {
    // at 2:30 the bad probe of 2:01 is delivered, but minute 2 ends at 3:00
    expect(await sliAt('probe-bad', 2 * MIN + 30_000)).toEqual({
      ends: [2],
      values: [0],
      counts: { minutes: 1, dataMinutes: 1, badMinutes: 0 },
    });
  });

  it('a minute counts from the instant it ends', async () => {
    expect((await sliAt('probe-bad', 3 * MIN - 1)).ends).toEqual([2]);
    expect((await sliAt('probe-bad', 3 * MIN)).ends).toEqual([2, 3]);
  });

  it('before any minute has finished there is nothing to count', async () => {
    for (const id of ['probe-bad', 'checks']) {
      const sli = await sliAt(id, 45_000);
      expect(sli.ends, id).toEqual([]);
      expect(sli.counts, id).toEqual({ minutes: 0, dataMinutes: 0, badMinutes: 0 });
    }
    // at 1:00 minute 0 has finished: counted for checks (it has data), not for the probe
    expect((await sliAt('checks', MIN)).ends).toEqual([1]);
    expect((await sliAt('probe-bad', MIN)).ends).toEqual([]);
  });

  it("the source's last, half-covered minute is still open at its end and does not count", async () => {
    // the recording ends at 5:20: minute 5 (probe at 5:01, good) never finishes
    expect(await sliAt('probe-bad', 5 * MIN + 20_000)).toEqual({
      ends: [2, 3, 4, 5],
      values: [0, 1, NaN, 0],
      counts: { minutes: 4, dataMinutes: 4, badMinutes: 2 },
    });
  });

  it('sli(id, time) rolls and burns over the same counted minutes', async () => {
    const detail = await engine.sli('probe-bad', T0 + 4 * MIN + 500);
    expect(Array.from(detail.rolling.badMinutes.times, (t) => (t - T0) / MIN)).toEqual([2, 3, 4]);
    expect(Array.from(detail.rolling.badMinutes.values)).toEqual([0, 1, 2]);
  });

  it('a burn-rate rule does not fire on the half-covered first minute', async () => {
    // objective 0.5: a minute's burn is its bad fraction / 0.5. At 3:00 the 1m window burns 2
    // and the 2m window (minutes 1–2) 1; at 4:00 both burn 2 (minute 3 has no data: bad).
    const rule = (await engine.alerts(T0 + 4 * MIN + 500)).find((r) => r.id === 'probe-burn')!;
    expect(rule.error).toBeNull();
    expect(rule.intervals).toEqual([{ series: 'probe-bad', start: T0 + 4 * MIN, end: null }]);
  });
});
