import * as Comlink from 'comlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineApi } from './contract.ts';
import type { Engine } from './engine.ts';
import { createNodeEngine } from './node.ts';
import { T0, recordsOf } from './testing/test-records.ts';
import { transferringEngine } from './transfer.ts';

let engine: Engine;
let remote: Comlink.Remote<EngineApi>;
let channel: MessageChannel;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.loadRecords(
    recordsOf('orders-rejected', [{ at: 0, value: { status: 'REJECTED' } }]),
    'one',
  );
  // The worker's side of the contract, over a real message channel as in the browser.
  channel = new MessageChannel();
  Comlink.expose(transferringEngine(Promise.resolve(engine)), channel.port1);
  remote = Comlink.wrap<EngineApi>(channel.port2);
});
afterAll(() => {
  channel.port1.close();
  channel.port2.close();
  engine.close();
});

describe('engine errors carry a code, a message naming the input, and the cause', () => {
  it('a non-finite replay time is INVALID_ARGUMENT', async () => {
    await expect(engine.frame(NaN)).rejects.toMatchObject({
      name: 'EngineError',
      code: 'INVALID_ARGUMENT',
      message: 'frame: invalid time NaN (expected ms since epoch)',
    });
  });

  it('bad labels are SOURCE_FAILED and name the recording', async () => {
    const err = await engine
      .loadRecording(new Uint8Array(0), 'r.ndjson', '{"incidents": 3}')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SOURCE_FAILED' });
    expect((err as Error).message).toMatch(/^recording "r\.ndjson": /);
    expect((err as Error).cause).toBeInstanceOf(Error);
  });

  it('an SLI the source lacks is NOT_COMPUTED', async () => {
    await expect(engine.sli('no-such-sli', T0)).rejects.toMatchObject({ code: 'NOT_COMPUTED' });
  });

  it('a failing console query is QUERY_FAILED and quotes the query', async () => {
    await expect(engine.query('SELECT * FROM no_such_table')).rejects.toMatchObject({
      code: 'QUERY_FAILED',
      message: expect.stringContaining('query "SELECT * FROM no_such_table"'),
    });
  });

  it('appending live data with no live source is LIVE_FAILED', async () => {
    await expect(engine.appendLive(new Uint8Array(1))).rejects.toMatchObject({
      code: 'LIVE_FAILED',
    });
  });

  it('crosses the worker boundary with its code and cause', async () => {
    const err = await remote.sli('no-such-sli', T0).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({
      name: 'EngineError',
      code: 'NOT_COMPUTED',
      message: 'SLI "no-such-sli" is not computed for this source',
    });
  });

  it('plain results (a number, a string) cross the boundary too', async () => {
    expect(await remote.timeAfter(T0, 1)).toBe(T0);
    expect(await remote.getWorkbook()).toContain('metrics:');
  });

  it('results cross the boundary with their typed arrays moved, not lost', async () => {
    const frame = await remote.frame(T0 + 3_600_000);
    expect(frame.delivered).toBe(1);
    const series = frame.metrics.flatMap((m) => m.series);
    expect(series.length).toBeGreaterThan(0);
    for (const s of series) expect(s.times).toBeInstanceOf(Float64Array);
  });
});
