import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBBindings } from '@duckdb/duckdb-wasm/blocking';
import { generateKitchen, KITCHEN_DEFAULTS } from '../scenarios/index.ts';
import { Engine } from './engine.ts';
import { createNodeBindings } from './node.ts';
import { KITCHEN_WORKBOOK } from './workbook/index.ts';

const HOUR = 3_600_000;

/** The real bindings, with every query of their connections counted. */
async function countedBindings(): Promise<{ db: DuckDBBindings; queries: () => number }> {
  const db = await createNodeBindings();
  let count = 0;
  const connect = db.connect.bind(db);
  db.connect = () => {
    const conn = connect();
    const query = conn.query.bind(conn);
    conn.query = ((sql: string) => {
      count++;
      return query(sql);
    }) as typeof conn.query;
    return conn;
  };
  return { db, queries: () => count };
}

/**
 * `EngineOptions.computeAhead` (the app's worker): `prepare` goes on to compute the raw-SQL
 * metrics' as-of histories — one query per sample time — to the source's end in the background,
 * so a seek far into the source no longer waits for them. (That the frames are the same as
 * without it is checked with the others in slice-frames.integration.test.ts.)
 */
describe('histories computed ahead', () => {
  const { records } = generateKitchen({ ...KITCHEN_DEFAULTS, durationMs: 3 * HOUR });
  const engines: Engine[] = [];
  afterEach(() => {
    for (const engine of engines.splice(0)) engine.close();
  });

  async function loaded(computeAhead: boolean) {
    const { db, queries } = await countedBindings();
    const engine = new Engine(db, { computeAhead });
    engines.push(engine);
    const summary = await engine.loadRecords(records, 'kitchen, 3 h');
    await engine.frame(summary.start);
    return { engine, summary, queries };
  }

  it('leaves a seek near the end only its open windows to query', async () => {
    const counts: number[] = [];
    for (const ahead of [false, true]) {
      const { engine, summary, queries } = await loaded(ahead);
      await engine.prepare();
      const before = queries();
      await engine.frame(summary.end - 60_000);
      counts.push(queries() - before);
    }
    const [plain, ahead] = counts as [number, number];
    // Without it, the seek runs at least revenue-at-risk's history: a query per 5-minute mark
    // of the 3 hours, 36. With it, none of the histories.
    expect(KITCHEN_WORKBOOK.text).toContain('id: revenue-at-risk');
    expect(plain - ahead).toBeGreaterThanOrEqual(36);
    expect(ahead).toBeLessThan(20);
  }, 120_000);

  it('ends when a workbook replaces the metrics, and frames go on', async () => {
    const { engine, summary, queries } = await loaded(true);
    const text = KITCHEN_WORKBOOK.text.replace('title: Revenue at risk', 'title: Money at risk');
    expect(text).not.toBe(KITCHEN_WORKBOOK.text);
    const prepared = engine.prepare();
    // Queued behind prepare's own work, before its first background slice, which then finds
    // the metrics replaced and ends, settling prepare without a query.
    expect((await engine.loadWorkbook(text, 'edited.yaml')).accepted).toBe(true);
    const before = queries();
    await prepared;
    expect(queries() - before).toBe(0);
    const frame = await engine.frame(summary.end);
    expect(frame.metrics.map((m) => m.id)).toContain('revenue-at-risk');
    expect(frame.metrics.find((m) => m.id === 'revenue-at-risk')!.series.length).toBeGreaterThan(0);
  }, 120_000);
});
