import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import type { MetricFrame } from '../contract.ts';
import type {
  ColumnRead,
  MetricContext,
  MetricSpec,
  NumbersRead,
  TimeSpan,
} from './metric-spec.ts';
import { denseSeries, sampleGrid, type SampleRows } from './series-grid.ts';
import { errorIn, sqlNumber } from '../sql/sql.ts';

/** A metric's rows as `runMetricRows` returns them: samples, and the late records counted. */
export interface MetricRows extends SampleRows {
  labels: string[];
  times: number[];
  values: number[];
  late: number;
}

/**
 * Runs `spec`'s SQL at `ctx` and returns its samples (rows with a NULL label or time left out)
 * and the late records it counted; with `only`, just the samples in that span (a filter DuckDB
 * can push into the query; late records counted on rows outside it are then left out, and all
 * of them unless `late`: DuckDB then leaves out the work of counting them). The rows come back
 * one per series (lists of times and values), so a series' label is decoded once. Throws an
 * Error naming the metric and the replay time when the SQL fails.
 */
export function runMetricRows(
  conn: DuckDBConnection,
  spec: MetricSpec,
  ctx: MetricContext,
  only?: TimeSpan,
  late = true,
): MetricRows {
  const rows = only
    ? `SELECT * FROM (${spec.sql(ctx)}) WHERE ${late ? 't IS NULL OR ' : ''}
        (t > ${sqlNumber(only.after, 'after')} AND t <= ${sqlNumber(only.until, 'until')})`
    : spec.sql(ctx);
  return readMetricRows(conn, rows, `metric "${spec.id}" at ${new Date(ctx.time).toISOString()}`);
}

/**
 * Runs `rows`, a query of metric rows `(label, t, value, late)`, and reads them as `runMetricRows`
 * returns them. Throws an Error naming `what` when the SQL fails.
 */
function readMetricRows(conn: DuckDBConnection, rows: string, what: string): MetricRows {
  const sql = `SELECT label,
      list(t) FILTER (WHERE t IS NOT NULL) AS ts,
      list(coalesce(value, 'NaN'::DOUBLE)) FILTER (WHERE t IS NOT NULL) AS vs,
      CAST(coalesce(sum(late), 0) AS DOUBLE) AS late
    FROM (${rows}) GROUP BY label`;
  let table;
  try {
    table = conn.query(sql);
  } catch (err) {
    throw errorIn(what, err);
  }
  const labelColumn = table.getChild('label') as ColumnRead;
  const timeLists = table.getChild('ts') as ColumnRead;
  const valueLists = table.getChild('vs') as ColumnRead;
  const lateColumn = table.getChild('late') as ColumnRead;
  const out: MetricRows = { labels: [], times: [], values: [], late: 0 };
  for (let i = 0; i < labelColumn.length; i++) {
    out.late += lateColumn.get(i) as number;
    const label = labelColumn.get(i) as string | null;
    const ts = timeLists.get(i) as NumbersRead | null;
    const vs = valueLists.get(i) as NumbersRead | null;
    if (label === null || !ts || !vs) continue;
    const t = ts.toArray();
    const v = vs.toArray();
    for (let k = 0; k < t.length; k++) {
      out.labels.push(label);
      out.times.push(t[k]!);
      out.values.push(v[k]!);
    }
  }
  return out;
}

/**
 * Runs one metric's SQL for a frame and lays its rows on the metric's sample grid: every sample
 * as computed from the records delivered by `ctx.time`. For a metric whose past samples can
 * change as later records arrive, that is hindsight: frames, rules and exports read
 * `AsOfRunner.frame` instead. Throws an Error naming the metric and the replay time when the
 * SQL fails.
 */
export function runMetric(
  conn: DuckDBConnection,
  spec: MetricSpec,
  ctx: MetricContext,
): MetricFrame {
  const grid = sampleGrid(spec.sampling, spec.stepMs, ctx.start, ctx.time);
  if (grid.count === 0 || ctx.delivered === 0) return { id: spec.id, series: [], late: 0 };
  const rows = runMetricRows(conn, spec, ctx);
  return { id: spec.id, series: denseSeries(rows, grid, spec.missing), late: rows.late };
}
