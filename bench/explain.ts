import type { DuckDBConnection } from '@duckdb/node-api';
import type { Incident } from '../formats/index.ts';
import type { Engine } from '../engine/node.ts';
import { best, type Row } from './report.ts';

/**
 * Explaining one incident (issue 12): `Engine.explain` at the end of the replay (the frame there
 * already shown, as in the app), and the SQL it ran — dimension values and pairs, the order
 * stages — on the engine and on native DuckDB (one thread). Row counts are checked equal.
 */
export async function benchExplain(
  engine: Engine,
  native: DuckDBConnection,
  incident: Incident,
  time: number,
  runs: number,
): Promise<Row[]> {
  const request = { metric: 'rejected-5m', from: incident.start, to: incident.end, time };
  await engine.frame(time);
  const explainMs = await best(runs, () => engine.explain(request));
  const statements = [...engine.lastExplainSql];
  const engineSqlMs = await best(runs, async () => {
    for (const sql of statements) await engine.query(sql);
  });
  const nativeSqlMs = await best(runs, async () => {
    for (const sql of statements) await native.runAndReadAll(sql);
  });
  for (const sql of statements) {
    const a = (await engine.query(sql)).rows.length;
    const b = (await native.runAndReadAll(sql)).getRows().length;
    if (a !== b)
      throw new Error(`explain SQL: engine ${a} rows ≠ native ${b}: ${sql.slice(0, 120)}`);
  }
  return [
    {
      what: `explain ${incident.id} (rejected-5m, ${Math.round((incident.end - incident.start) / 60_000)} min)`,
      figure: `${explainMs.toFixed(0)} ms`,
      note: 'engine, after the frame at that time; app target < 300 ms on the demo',
    },
    {
      what: 'same explain SQL, engine',
      figure: `${engineSqlMs.toFixed(1)} ms`,
      note: `${statements.length} statements`,
    },
    {
      what: 'same explain SQL, native DuckDB, 1 thread',
      figure: `${nativeSqlMs.toFixed(1)} ms`,
      note: 'row counts checked equal',
    },
    {
      what: 'explain ratio engine / native',
      figure: `${(engineSqlMs / nativeSqlMs).toFixed(2)}×`,
      note: 'target ≤ 2×',
    },
  ];
}
