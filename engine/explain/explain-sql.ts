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

/**
 * A dimension's value as text (`(none)` when absent), or two joined with ` × `; a field of
 * `numbers` (a DOUBLE column) reads as a whole number when it is one (broker 2, not 2.0).
 */
function valueOf(fields: readonly string[], numbers: ReadonlySet<string> = new Set()): string {
  const text = (f: string) =>
    numbers.has(f)
      ? `CASE WHEN ${quoteIdent(f)} = round(${quoteIdent(f)}) AND abs(${quoteIdent(f)}) < 1e15 THEN CAST(CAST(${quoteIdent(f)} AS BIGINT) AS VARCHAR) ELSE CAST(${quoteIdent(f)} AS VARCHAR) END`
      : `CAST(${quoteIdent(f)} AS VARCHAR)`;
  const one = (f: string) => `coalesce(${text(f)}, '(none)')`;
  return fields.length === 1 ? one(fields[0]!) : `concat_ws(' × ', ${fields.map(one).join(', ')})`;
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
      CAST(median((cur.ts - prev.ts) / 1000.0) AS DOUBLE) AS med,
      CAST(quantile_cont((cur.ts - prev.ts) / 1000.0, 0.95) AS DOUBLE) AS p95, 0::DOUBLE AS fails
    FROM f cur JOIN steps st ON cur.s = st.status
      JOIN steps ps ON ps.i = st.i - 1
      JOIN tagged prev ON prev.k = cur.k AND prev.s = ps.status AND prev.ts <= cur.ts
    WHERE prev.p IS NOT NULL
    GROUP BY 1, 2
    UNION ALL
    SELECT fl.i, t.p, 0::DOUBLE, NULL::DOUBLE, NULL::DOUBLE, CAST(count(*) AS DOUBLE)
    FROM tagged t JOIN fails fl ON t.s = fl.status
    WHERE t.p IS NOT NULL AND fl.i > 0
    GROUP BY 1, 2`;
}

/**
 * Per dimension (a field, or a pair of fields) and value: `(d, v, x0, x1, …)`, the aggregates
 * `columns` (SQL over the rows `r`, each cast to DOUBLE) of its rows in the periods.
 */
export function dimensionCellsSql(
  rows: string,
  dimensions: readonly (readonly string[])[],
  columns: readonly string[],
  numbers: ReadonlySet<string> = new Set(),
): string {
  const xs = columns.map((c, i) => `CAST(${c} AS DOUBLE) AS x${i}`).join(', ');
  const parts = dimensions.map(
    (
      fields,
    ) => `SELECT ${quoteString(fields.join(' × '))} AS d, ${valueOf(fields, numbers)} AS v, ${xs}
      FROM r WHERE _p IS NOT NULL GROUP BY ALL`,
  );
  return `WITH r AS (${rows}) ${parts.join(' UNION ALL ')}`;
}

/** `rows` with `_x`, the value `x` (SQL over their columns) of each, where it has one. */
export function valueRows(rows: string, x: string): string {
  return `SELECT * FROM (SELECT *, ${x} AS _x FROM (${rows})) WHERE _x IS NOT NULL`;
}

/** A latency's pairs are looked for this long before the periods (as the stages are). */
export const LATENCY_LOOKBACK_MS = STAGE_LOOKBACK_MS;

/** One end of a latency pair, as `latencyRows` reads it. */
export interface PairEnd {
  table: string;
  key: string;
  filter: string | null;
}

/**
 * The latency pairs of the periods known at the replay time, paired as a latency metric pairs
 * them (its key's first `to` record with its first `from` record, dropped when the `to` comes
 * first): the `to` record's columns, `_x` (the pair's seconds) and `_p`, the period its `to`
 * record falls in, as the metric windows it — or with `by: 'from'`, the period of its `from`
 * record, as the stage breakdown places keys (a stage slowed in the window mostly ends after it).
 */
export function latencyRows(
  from: PairEnd,
  to: PairEnd,
  p: Periods,
  delivered: number,
  by: 'from' | 'to' = 'to',
): string {
  const b = periodBounds(p);
  const look = sqlNumber(b.from - LATENCY_LOOKBACK_MS, 'from');
  const end = sqlNumber(b.to, 'to');
  const seq = sqlNumber(delivered, 'delivered');
  const fk = quoteIdent(from.key);
  const tk = quoteIdent(to.key);
  return `WITH f AS (
      SELECT CAST(${fk} AS VARCHAR) AS _k, min(_ts) AS _from_ts FROM ${quoteIdent(from.table)}
      WHERE _seq < ${seq} AND _ts IS NOT NULL AND ${fk} IS NOT NULL AND (${from.filter ?? 'TRUE'})
        AND _ts >= ${look} AND _ts < ${end}
      GROUP BY 1),
    t AS (
      SELECT *, CAST(${tk} AS VARCHAR) AS _k FROM ${quoteIdent(to.table)}
      WHERE _seq < ${seq} AND _ts IS NOT NULL AND ${tk} IS NOT NULL AND (${to.filter ?? 'TRUE'})
        AND _ts >= ${look}
      QUALIFY row_number() OVER (PARTITION BY CAST(${tk} AS VARCHAR) ORDER BY _ts, _seq) = 1)
    SELECT t.*, ${periodCase(by === 'to' ? 't._ts' : 'f._from_ts', p)} AS _p,
      (t._ts - f._from_ts) / 1000.0 AS _x
    FROM t JOIN f ON f._k = t._k
    WHERE f._from_ts <= t._ts AND ${by === 'to' ? 't._ts' : 'f._from_ts'} >= ${sqlNumber(b.from, 'from')}
      ${by === 'to' ? `AND t._ts < ${end}` : ''}`;
}

/** What `stateRows` reads: the key, the state field and the states counted. */
export interface StateSpec {
  table: string;
  key: string;
  state: string;
  values: readonly string[];
  filter: string | null;
}

/** Milliseconds of `[from, until)` within the spans, as SQL over columns `from` and `until`. */
function overlapSql(spans: readonly Span[], from: string, until: string): string {
  if (spans.length === 0) return '0';
  return spans
    .map(
      (s) =>
        `greatest(0, least(${until}, ${sqlNumber(s.to, 'to')}) - greatest(${from}, ${sqlNumber(s.from, 'from')}))`,
    )
    .join(' + ');
}

/**
 * Each state record of `spec` delivered by the replay time, as the interval to its key's next
 * one (the last: to the periods' end), where that interval reaches the periods: its columns,
 * `_k` (the key), `_w` and `_b` (milliseconds of it in the state within the window and within
 * the baseline) and `_p` = 'w' (so every row counts in `dimensionCellsSql`).
 */
export function stateRows(spec: StateSpec, p: Periods, delivered: number): string {
  const b = periodBounds(p);
  const key = quoteIdent(spec.key);
  const state = quoteIdent(spec.state);
  const end = sqlNumber(b.to, 'to');
  const inState = `CAST(${state} AS VARCHAR) IN (${spec.values.map(quoteString).join(', ') || 'NULL'})`;
  return `SELECT *, CASE WHEN _in THEN ${overlapSql([p.window], '_ts', '_until')} ELSE 0 END AS _w,
      CASE WHEN _in THEN ${overlapSql(p.baseline, '_ts', '_until')} ELSE 0 END AS _b, 'w' AS _p
    FROM (
      SELECT *, least(coalesce(lead(_ts) OVER (PARTITION BY _k ORDER BY _ts, _seq), ${end}), ${end}) AS _until
      FROM (
        SELECT *, CAST(${key} AS VARCHAR) AS _k, ${inState} AS _in FROM ${quoteIdent(spec.table)}
        WHERE _seq < ${sqlNumber(delivered, 'delivered')} AND _ts IS NOT NULL AND _ts < ${end}
          AND ${key} IS NOT NULL AND ${state} IS NOT NULL AND (${spec.filter ?? 'TRUE'})
      )
    )
    WHERE _until > ${sqlNumber(b.from, 'from')}`;
}
