import { quoteIdent, quoteString, sqlNumber } from '../sql/sql.ts';
import type { StageDef } from '../contract.ts';

/** A time span `[from, to)` in ms. */
export interface Span {
  from: number;
  to: number;
}

/** The periods an explanation compares: one window and its baseline intervals. */
export interface Periods {
  window: Span;
  baseline: Span[];
}

/** Most values a dimension may have to be analysed (more: an id, not a dimension). */
export const MAX_DIMENSION_VALUES = 60;

/** `'w'` for a `column` in the window, `'b'` in a baseline interval, else NULL. */
export function periodCase(column: string, p: Periods): string {
  const inSpan = (s: Span) =>
    `(${column} >= ${sqlNumber(s.from, 'from')} AND ${column} < ${sqlNumber(s.to, 'to')})`;
  const base = p.baseline.length ? p.baseline.map(inSpan).join(' OR ') : 'FALSE';
  return `CASE WHEN ${inSpan(p.window)} THEN 'w' WHEN ${base} THEN 'b' END`;
}

/** The earliest and latest times any period covers. */
export function periodBounds(p: Periods): Span {
  const all = [p.window, ...p.baseline];
  return { from: Math.min(...all.map((s) => s.from)), to: Math.max(...all.map((s) => s.to)) };
}

/**
 * The delivered records of `table` in the periods that pass `filter`, with `_p` (their period):
 * only records with `_seq < delivered` (known at the replay time) and a timestamp.
 */
export function periodRows(
  table: string,
  p: Periods,
  delivered: number,
  filter: string | null,
): string {
  const b = periodBounds(p);
  return `SELECT *, ${periodCase('_ts', p)} AS _p FROM ${quoteIdent(table)}
    WHERE _seq < ${sqlNumber(delivered, 'delivered')} AND _ts IS NOT NULL
      AND _ts >= ${sqlNumber(b.from, 'from')} AND _ts < ${sqlNumber(b.to, 'to')}
      AND (${filter ?? 'TRUE'})`;
}

/**
 * Distinct values of each column over `rows` and its type (one row: `c<i>` and `t<i>` per field,
 * in order).
 */
export function distinctCountsSql(rows: string, fields: readonly string[]): string {
  const cols = fields.map(
    (f, i) =>
      `count(DISTINCT ${quoteIdent(f)}) AS c${i}, any_value(typeof(${quoteIdent(f)})) AS t${i}`,
  );
  return `SELECT ${cols.join(', ')} FROM (${rows}) WHERE _p IS NOT NULL`;
}

/** A dimension's value as text (`(none)` when absent), or two joined with ` × `. */
function valueOf(fields: readonly string[]): string {
  const one = (f: string) => `coalesce(CAST(${quoteIdent(f)} AS VARCHAR), '(none)')`;
  return fields.length === 1 ? one(fields[0]!) : `concat_ws(' × ', ${fields.map(one).join(', ')})`;
}

/**
 * Per dimension (a field, or a pair of fields) and value: `(d, v, wn, wd, bn, bd)`, the numerator
 * and denominator counts in the window and the baseline. A count metric has `num` null: its
 * rows are counted in `wd`/`bd` and the numerator columns are 0.
 */
export function dimensionCountsSql(
  rows: string,
  dimensions: readonly (readonly string[])[],
  num: string | null,
  den: string | null,
): string {
  const n = num ?? 'FALSE';
  const d = den ?? 'TRUE';
  const parts = dimensions.map(
    (fields) => `SELECT ${quoteString(fields.join(' × '))} AS d, ${valueOf(fields)} AS v,
        CAST(count(*) FILTER (WHERE _p = 'w' AND (${n})) AS DOUBLE) AS wn,
        CAST(count(*) FILTER (WHERE _p = 'w' AND (${d})) AS DOUBLE) AS wd,
        CAST(count(*) FILTER (WHERE _p = 'b' AND (${n})) AS DOUBLE) AS bn,
        CAST(count(*) FILTER (WHERE _p = 'b' AND (${d})) AS DOUBLE) AS bd
      FROM r WHERE _p IS NOT NULL GROUP BY ALL`,
  );
  return `WITH r AS (${rows}) ${parts.join(' UNION ALL ')}`;
}

/** How far before the periods a stage's previous step is looked for. */
export const STAGE_LOOKBACK_MS = 6 * 3600_000;

/**
 * Per step `i ≥ 1` and period: `(i, p, n, med, fails)`: keys whose first record of step `i − 1`
 * falls in the period and that reached step `i` after it (by the replay time: a stage slowed in
 * the window mostly ends after it), their median seconds from step `i − 1` to step `i`; and keys
 * whose first record of a failure status of step `i` falls in the period.
 */
export function stagesSql(table: string, def: StageDef, p: Periods, delivered: number): string {
  const b = periodBounds(p);
  const statuses = [...def.steps.map((s) => s.status), ...def.failures.map((f) => f.status)];
  const stepIndex = new Map(def.steps.map((s, i) => [s.name, i]));
  const steps = def.steps.map((s, i) => `(${i}, ${quoteString(s.status)})`).join(', ');
  const fails = def.failures.length
    ? def.failures
        .map((f) => `(${stepIndex.get(f.step) ?? -1}, ${quoteString(f.status)})`)
        .join(', ')
    : `(-1, NULL)`;
  const key = quoteIdent(def.key);
  const status = quoteIdent(def.status);
  return `WITH f AS (
      SELECT CAST(${key} AS VARCHAR) AS k, CAST(${status} AS VARCHAR) AS s, min(_ts) AS ts
      FROM ${quoteIdent(table)}
      WHERE _seq < ${sqlNumber(delivered, 'delivered')} AND _ts IS NOT NULL AND ${key} IS NOT NULL
        AND _ts >= ${sqlNumber(b.from - STAGE_LOOKBACK_MS, 'from')}
        AND _ts < ${sqlNumber(b.to + STAGE_LOOKBACK_MS, 'to')}
        AND CAST(${status} AS VARCHAR) IN (${statuses.map(quoteString).join(', ')})
      GROUP BY 1, 2),
    steps(i, status) AS (VALUES ${steps}),
    fails(i, status) AS (VALUES ${fails}),
    tagged AS (SELECT *, ${periodCase('ts', p)} AS p FROM f)
    SELECT st.i AS i, prev.p AS p, CAST(count(*) AS DOUBLE) AS n,
      CAST(median((cur.ts - prev.ts) / 1000.0) AS DOUBLE) AS med, 0::DOUBLE AS fails
    FROM f cur JOIN steps st ON cur.s = st.status
      JOIN steps ps ON ps.i = st.i - 1
      JOIN tagged prev ON prev.k = cur.k AND prev.s = ps.status AND prev.ts <= cur.ts
    WHERE prev.p IS NOT NULL
    GROUP BY 1, 2
    UNION ALL
    SELECT fl.i, t.p, 0::DOUBLE, NULL::DOUBLE, CAST(count(*) AS DOUBLE)
    FROM tagged t JOIN fails fl ON t.s = fl.status
    WHERE t.p IS NOT NULL AND fl.i > 0
    GROUP BY 1, 2`;
}
