import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { recordsOf } from '../testing/test-records.ts';
import { metricAt, useWorkbook, workbookOf } from '../testing/workbook-test-kit.ts';

/**
 * State duration with late events, as of each evaluation instant `i`: the state is that of the
 * latest event (by timestamp) among those delivered by `i` (stream time ≤ i). A late event is
 * counted as late and applies from the first instant after its delivery, dated by its own
 * timestamp; it never leaves a state open that it ended.
 */
const MIN = 60_000;
const status = (name: string, s: string) => ({ name, status: s });

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await useWorkbook(
    engine,
    workbookOf(`  - id: closed
    kind: state_duration
    topic: status
    key: name
    state: status
    values: ['OFF']
    every: 1m`),
  );
});
afterAll(() => engine.close());

describe('state_duration with late state events', () => {
  it('a late ON ends the closed state from its delivery on, not never', async () => {
    // A closes at 0:30 and reopens at 2:30, but the ON is delivered after B's event at 3:20
    // (stream time 3:20 is past the end of its minute, 3:00: it is late).
    await engine.loadRecords(
      recordsOf('status', [
        { at: 30_000, value: status('A', 'OFF') },
        { at: 200_000, value: status('B', 'ON') },
        { at: 150_000, value: status('A', 'ON') },
      ]),
      'late ON',
    );
    // instants 1:00 … 6:00; at 3:00 the ON is not delivered yet: closed since 0:30 = 150 s;
    // from 4:00 on it is, and A is open.
    expect(await metricAt(engine, 'closed', 6 * MIN)).toEqual({
      late: 1,
      times: [1, 2, 3, 4, 5, 6].map((m) => m * MIN),
      values: { A: [30, 90, 150, NaN, NaN, NaN] },
    });
    // as of 3:30 nothing later is known: the frame then is exactly its prefix
    expect((await metricAt(engine, 'closed', 3 * MIN + 30_000)).values).toEqual({
      A: [30, 90, 150],
    });
  });

  it('a late OFF shows the closed state from its delivery on, timed from its own timestamp', async () => {
    // A opens at 0:00 and closes at 1:40; the OFF is delivered after B's event at 3:20
    await engine.loadRecords(
      recordsOf('status', [
        { at: 0, value: status('A', 'ON') },
        { at: 200_000, value: status('B', 'ON') },
        { at: 100_000, value: status('A', 'OFF') },
      ]),
      'late OFF',
    );
    // instants 0:00 … 5:00: unknown as closed until 4:00, then closed since 1:40 (140 s, 200 s)
    expect(await metricAt(engine, 'closed', 5 * MIN)).toEqual({
      late: 1,
      times: [0, 1, 2, 3, 4, 5].map((m) => m * MIN),
      values: { A: [NaN, NaN, NaN, NaN, 140, 200] },
    });
  });

  it('an event delivered after an instant it precedes applies from its delivery, also when on time', async () => {
    // B's OFF at 1:00 comes after A's event at 1:10 in the partition: delivered at stream time
    // 1:10, before its minute [1:00, 2:00) ends, so on time, but unknown at the instant 1:00.
    await engine.loadRecords(
      recordsOf('status', [
        { at: 0, value: status('A', 'ON') },
        { at: 70_000, value: status('A', 'ON') },
        { at: 60_000, value: status('B', 'OFF') },
      ]),
      'on time, after its instant',
    );
    expect(await metricAt(engine, 'closed', 3 * MIN)).toEqual({
      late: 0,
      times: [0, 1, 2, 3].map((m) => m * MIN),
      values: { B: [NaN, NaN, 60, 120] },
    });
  });

  it('a late event between two others only splits the run it falls in', async () => {
    // A: OFF 1:30, OFF 3:20 (a repeat: the clock runs on), then ON 1:40 delivered late at 3:20.
    await engine.loadRecords(
      recordsOf('status', [
        { at: 0, value: status('A', 'ON') },
        { at: 90_000, value: status('A', 'OFF') },
        { at: 200_000, value: status('A', 'OFF') },
        { at: 100_000, value: status('A', 'ON') },
        { at: 330_000, value: status('A', 'ON') },
      ]),
      'late ON inside a run',
    );
    // 2:00, 3:00: closed since 1:30 (30, 90 s). From 4:00 the ON at 1:40 is known: the closed
    // run is the one from 3:20 (40, 100 s at 4:00, 5:00). 6:00: open again.
    expect(await metricAt(engine, 'closed', 6 * MIN)).toEqual({
      late: 1,
      times: [0, 1, 2, 3, 4, 5, 6].map((m) => m * MIN),
      values: { A: [NaN, NaN, 30, 90, 40, 100, NaN] },
    });
  });
});
