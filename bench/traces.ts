import type { DuckDBConnection } from '@duckdb/node-api';
import type { Engine } from '../engine/node.ts';
import { hopTableSql } from '../engine/node.ts';
import { best, type Row } from './report.ts';

const TOPICS = ['payments', 'orders', 'orders-rejected'];

/**
 * The trace join (issue 11): the hop table over every order's records — records of three topics
 * ordered per business key, hops with their latency quantiles and breaks — on the engine and the
 * same SQL on native DuckDB (one thread), whose topic tables get `_traceparent` from the raw
 * recording's headers first. Results are checked equal.
 */
export async function benchTraces(
  engine: Engine,
  native: DuckDBConnection,
  delivered: number,
  runs: number,
): Promise<Row[]> {
  for (const topic of TOPICS) {
    const t = `"${topic}"`;
    await native.run(`CREATE OR REPLACE TABLE ${t} AS
      SELECT x.* REPLACE (r.tp AS _traceparent) FROM ${t} x JOIN (
        SELECT _seq, CASE WHEN list_position(headers, 'traceparent') IS NOT NULL
          THEN headers[list_position(headers, 'traceparent') + 1] END AS tp FROM raw
      ) r USING (_seq)`);
  }
  const scope = {
    topics: TOPICS.map((topic) => ({ topic, table: topic, hasKey: true, hasStage: true })),
    key: 'orderId',
    stage: 'status',
    delivered,
    since: null,
  };
  const sql = hopTableSql(scope);
  const records = Number(
    (
      await engine.query(
        `SELECT (SELECT count(*) FROM payments) + (SELECT count(*) FROM orders) + (SELECT count(*) FROM "orders-rejected")`,
      )
    ).rows[0]![0],
  );
  const engineMs = await best(runs, () => engine.query(sql));
  const nativeMs = await best(runs, () => native.runAndReadAll(sql));
  const a = JSON.stringify((await engine.query(sql)).rows);
  const b = JSON.stringify((await native.runAndReadAll(sql)).getRows(), (_k, v) =>
    typeof v === 'bigint' ? Number(v) : v,
  );
  if (a !== b)
    throw new Error(`trace hop table: engine ${a.slice(0, 300)} ≠ native ${b.slice(0, 300)}`);
  const reportMs = await best(runs, () =>
    engine.traces(Number.MAX_SAFE_INTEGER, {
      key: 'orderId',
      topics: TOPICS,
      stage: 'status',
      listLimit: 20,
    }),
  );
  return [
    {
      what: 'trace join: hop table, engine',
      figure: `${engineMs.toFixed(0)} ms`,
      note: `${records} records of ${TOPICS.join(', ')}`,
    },
    {
      what: 'trace join: same SQL, native DuckDB, 1 thread',
      figure: `${nativeMs.toFixed(0)} ms`,
      note: 'results checked equal',
    },
    {
      what: 'trace join ratio engine / native',
      figure: `${(engineMs / nativeMs).toFixed(2)}×`,
      note: 'target ≤ 2×',
    },
    {
      what: 'engine.traces(): hop table, breaks, counts, list',
      figure: `${reportMs.toFixed(0)} ms`,
      note: 'the whole report (several queries)',
    },
  ];
}
