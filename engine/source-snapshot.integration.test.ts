import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KITCHEN_DEFAULTS, type KitchenParams } from '../scenarios/index.ts';
import { scenarioKey, type Engine } from './engine.ts';
import { createNodeEngine, scenarioSnapshot } from './node.ts';

const MIN = 60_000;
const PARAMS: Partial<KitchenParams> = {
  durationMs: 3 * 3600_000,
  incidents: [...KITCHEN_DEFAULTS.incidents, 'delivery-slowdown'],
};

/**
 * The app's demo loads from a snapshot (`Engine.loadSnapshot`), its rows inserted as frames
 * reach them: it must be the very source that generating the scenario gives — the same summary,
 * the same frames at every replay time (before and after all rows are in), the same tables.
 */
describe('a source snapshot', () => {
  let bytes: Uint8Array;
  let generated: Engine;
  let restored: Engine;

  beforeAll(async () => {
    bytes = await scenarioSnapshot(PARAMS);
    generated = await createNodeEngine();
    restored = await createNodeEngine();
  }, 300_000);
  afterAll(() => {
    generated?.close();
    restored?.close();
  });

  it('loads as the generated scenario: summary, frames at any time, tables', async () => {
    const want = await generated.loadScenario(PARAMS);
    const got = await restored.loadSnapshot(bytes, scenarioKey(PARAMS));
    expect(got).toEqual(want);
    expect(got.records).toBeGreaterThan(5_000);

    // The first frames read only the first rows: the rest are not inserted yet.
    for (const t of [got.start, got.start + 90_000, got.start + 7 * MIN]) {
      expect(await restored.frame(t)).toEqual(await generated.frame(t));
    }
    expect(restored.rowsPending).toBe(true);

    // A frame far in, a step back, the end: every row is in by then.
    const times = [got.start + 150 * MIN + 17_000, got.start + 61 * MIN, got.end];
    for (const t of times) expect(await restored.frame(t)).toEqual(await generated.frame(t));
    expect(restored.rowsPending).toBe(false);

    await Promise.all([restored.prepare(), generated.prepare()]);
    for (let t = got.start; t <= got.end; t += 23 * MIN + 1_234) {
      expect(await restored.frame(t)).toEqual(await generated.frame(t));
    }
    const sql = `SELECT count(*) AS n, sum(_seq) AS seqs, count(DISTINCT _value) AS values,
      max(_stream_ts) AS last FROM orders`;
    expect((await restored.query(sql)).rows).toEqual((await generated.query(sql)).rows);
  }, 300_000);

  it('any other call first inserts every row', async () => {
    const summary = await restored.loadSnapshot(bytes, scenarioKey(PARAMS));
    expect(restored.rowsPending).toBe(true);
    const sql = 'SELECT count(*) AS n FROM payments';
    const [row] = (await restored.query(sql)).rows;
    expect(restored.rowsPending).toBe(false);
    await generated.loadScenario(PARAMS);
    expect(row).toEqual((await generated.query(sql)).rows[0]);
    expect(summary.records).toBeGreaterThan(0);
  }, 300_000);

  it('is refused, with the reason, for another scenario or when damaged', async () => {
    await expect(restored.loadSnapshot(bytes, scenarioKey({ seed: 8 }))).rejects.toThrow(
      /snapshot "kitchen seed 7": it is of kitchen .*\["seed",7\].*, not of kitchen .*\["seed",8\]/,
    );
    await expect(
      restored.loadSnapshot(bytes.subarray(0, bytes.length / 2), scenarioKey(PARAMS)),
    ).rejects.toThrow(/cut short/);
    const other = bytes.slice();
    other[0] = 0x58;
    await expect(restored.loadSnapshot(other, scenarioKey(PARAMS))).rejects.toThrow(
      /not a Tapedeck source snapshot/,
    );
    // Nothing is left half-loaded: the snapshot still loads.
    const summary = await restored.loadSnapshot(bytes, scenarioKey(PARAMS));
    expect(summary.records).toBeGreaterThan(0);
  }, 300_000);
});
