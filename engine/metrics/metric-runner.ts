import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import type { MetricFrame } from '../contract.ts';
import type { MetricContext, MetricSpec } from './metric-spec.ts';
import { denseSeries, sampleGrid } from './series-grid.ts';
import { errorIn } from '../sql/sql.ts';

/** Array-like reads of the Arrow vectors DuckDB returns (their classes differ under Node). */
interface ColumnLike {
  length: number;
  get(i: number): unknown;
}
interface ListLike {
  toArray(): ArrayLike<number>;
}

/**
 * Runs one metric's SQL for a frame and lays its rows on the metric's sample grid. The rows
 * come back one per series (lists of times and values), so a series' label is decoded once.
 * Throws an Error naming the metric and the replay time when the SQL fails.
 */
export function runMetric(
  conn: DuckDBConnection,
  spec: MetricSpec,
  ctx: MetricContext,
): MetricFrame {
  const grid = sampleGrid(spec.sampling, spec.stepMs, ctx.start, ctx.time);
  if (grid.count === 0 || ctx.delivered === 0) return { id: spec.id, series: [], late: 0 };
  const sql = `SELECT label,
      list(t) FILTER (WHERE t IS NOT NULL) AS ts,
      list(coalesce(value, 'NaN'::DOUBLE)) FILTER (WHERE t IS NOT NULL) AS vs,
      CAST(coalesce(sum(late), 0) AS DOUBLE) AS late
    FROM (${spec.sql(ctx)}) GROUP BY label`;
  let table;
  try {
    table = conn.query(sql);
  } catch (err) {
    throw errorIn(`metric "${spec.id}" at ${new Date(ctx.time).toISOString()}`, err);
  }
  const labelColumn = table.getChild('label') as ColumnLike;
  const timeLists = table.getChild('ts') as ColumnLike;
  const valueLists = table.getChild('vs') as ColumnLike;
  const lateColumn = table.getChild('late') as ColumnLike;
  const labels: (string | null)[] = [];
  const times: number[] = [];
  const values: number[] = [];
  let late = 0;
  for (let i = 0; i < labelColumn.length; i++) {
    late += lateColumn.get(i) as number;
    const label = labelColumn.get(i) as string | null;
    const ts = timeLists.get(i) as ListLike | null;
    const vs = valueLists.get(i) as ListLike | null;
    if (label === null || !ts || !vs) continue;
    const t = ts.toArray();
    const v = vs.toArray();
    for (let k = 0; k < t.length; k++) {
      labels.push(label);
      times.push(t[k]!);
      values.push(v[k]!);
    }
  }
  return { id: spec.id, series: denseSeries({ labels, times, values }, grid, spec.missing), late };
}
