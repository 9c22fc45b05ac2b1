import type {
  AggregateTerm,
  LatencyMetric,
  StateDurationMetric,
  LatencyStat,
  MetricDef,
  RatioMetric,
  SliDef,
  WindowDef,
} from '../../engine/index.ts';
import { flinkExpression, quoteLiteral, quoteName } from './flink-expression.ts';

/** The event-time column of every source table (the Kafka record timestamp). */
export const TIME_COLUMN = '_tapedeck_ts';
/** The record timestamp in ms since epoch, a plain BIGINT column beside the time attribute. */
export const MS_COLUMN = '_tapedeck_ms';

/** The fields one metric reads, per topic: name → Flink type. */
export type TopicFields = Map<string, Map<string, 'STRING' | 'DOUBLE'>>;

/** A metric as Flink SQL: statements ending with its INSERT, or why it cannot be. */
export type MetricTranslation = { ok: true; statements: string[] } | { ok: false; reason: string };

/** Thrown inside a translation to refuse the metric with a reason. */
class Untranslatable extends Error {}

/** How a metric's samples are stamped and cut. */
export interface MetricSqlContext {
  sink: string;
  /** keep samples with `time_ms <= untilMs` only (the still-open windows at the end of history) */
  untilMs: number | null;
  /** how far before its end record a latency's start record is looked for (interval join bound) */
  latencyBoundMs: number;
  /** records the fields each source table must declare (keyed by table name) */
  fields: TopicFields;
  /** source tables that are not the topic's own: their topic and extra watermark delay */
  delayed: Map<string, { topic: string; delayMs: number }>;
}

/** Translates one metric; `index` names its temporary views. */
export function metricToFlink(
  m: MetricDef,
  index: number,
  ctx: MetricSqlContext,
): MetricTranslation {
  try {
    switch (m.kind) {
      case 'aggregate':
        return { ok: true, statements: [aggregateInsert(m, ctx)] };
      case 'ratio':
        return { ok: true, statements: [ratioInsert(m, ctx)] };
      case 'latency':
        return { ok: true, statements: latencyStatements(m, index, ctx) };
      case 'state_duration':
        return { ok: true, statements: stateDurationStatements(m, index, ctx) };
      case 'sql':
        return {
          ok: false,
          reason:
            "raw SQL is DuckDB's dialect over the delivered records, evaluated as of each sample time; it is not rewritten",
        };
      case 'trace':
        return {
          ok: false,
          reason:
            'trace metrics parse traceparent headers and stitch traces across topics by business key as of each sample time; not expressible as a Flink SQL window query',
        };
    }
  } catch (error) {
    if (error instanceof Untranslatable) return { ok: false, reason: error.message };
    throw error;
  }
}

/** Declares `topic` as a source (with no fields yet). */
function source(ctx: MetricSqlContext, topic: string): Map<string, 'STRING' | 'DOUBLE'> {
  let fields = ctx.fields.get(topic);
  if (!fields) ctx.fields.set(topic, (fields = new Map()));
  return fields;
}

function need(ctx: MetricSqlContext, topic: string, name: string, type: 'STRING' | 'DOUBLE'): void {
  const fields = source(ctx, topic);
  if (type === 'DOUBLE' || !fields.has(name)) fields.set(name, type);
}

function expression(ctx: MetricSqlContext, topic: string, text: string, what: string): string {
  const t = flinkExpression(text);
  if (!t.ok) throw new Untranslatable(`${what}: ${t.reason}`);
  for (const f of t.fields) need(ctx, topic, f, t.numeric.includes(f) ? 'DOUBLE' : 'STRING');
  return t.sql;
}

/**
 * A Flink interval literal for a whole number of seconds, in the largest unit that divides it
 * (Flink refuses a leading precision above 3 in `INTERVAL '86400' SECOND(5)`), else
 * `DAY TO SECOND`.
 */
export function interval(ms: number, what: string): string {
  if (ms % 1000 !== 0 || ms <= 0) {
    throw new Untranslatable(`${what} of ${ms} ms is not a whole number of seconds`);
  }
  const s = ms / 1000;
  for (const [unit, n] of [
    ['DAY', 86_400],
    ['HOUR', 3_600],
    ['MINUTE', 60],
    ['SECOND', 1],
  ] as const) {
    const digits = String(s / n).length;
    if (s % n === 0 && digits <= 3) return `INTERVAL '${s / n}' ${unit}(${Math.max(2, digits)})`;
  }
  const pad = (x: number) => String(x).padStart(2, '0');
  const days = Math.floor(s / 86_400);
  const rest = s % 86_400;
  const text = `${days} ${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`;
  // Calcite reads `SECOND(0)` with the pattern `\d{1,0}`, which Java refuses.
  return `INTERVAL '${text}' DAY(${Math.min(6, Math.max(2, String(days).length))}) TO SECOND(3)`;
}

/** Epoch ms of a TIMESTAMP(3) in UTC (the session time zone is set to UTC). */
export function epochMs(ts: string): string {
  return `(CAST(TIMESTAMPDIFF(SECOND, TIMESTAMP '1970-01-01 00:00:00', ${ts}) AS BIGINT) * 1000 + MOD(EXTRACT(MILLISECOND FROM ${ts}), 1000))`;
}

/** A window TVF over a topic's source table, or over a view (`view: true`). */
function windowTvf(ctx: MetricSqlContext, name: string, window: WindowDef, view = false): string {
  const relation = quoteName(name);
  if (!view) source(ctx, name);
  const size = interval(window.sizeMs, 'window size');
  if (window.sizeMs === window.hopMs) {
    return `TABLE(TUMBLE(TABLE ${relation}, DESCRIPTOR(${quoteName(TIME_COLUMN)}), ${size}))`;
  }
  const hop = interval(window.hopMs, 'window hop');
  return `TABLE(HOP(TABLE ${relation}, DESCRIPTOR(${quoteName(TIME_COLUMN)}), ${hop}, ${size}))`;
}

function labelExpr(ctx: MetricSqlContext, topic: string, by: readonly string[], label: string) {
  if (by.length === 0) return quoteLiteral(label);
  const parts = by.map((f) => {
    need(ctx, topic, f, 'STRING');
    return `COALESCE(CAST(${quoteName(f)} AS STRING), '(none)')`;
  });
  return parts.length === 1 ? parts[0]! : `CONCAT_WS(' · ', ${parts.join(', ')})`;
}

/** One aggregate as a DOUBLE over the group's rows passing the term's filter. */
function aggregate(ctx: MetricSqlContext, topic: string, term: AggregateTerm): string {
  const filter =
    term.filter === null ? '' : ` FILTER (WHERE ${expression(ctx, topic, term.filter, 'filter')})`;
  let x = '';
  if (term.fn !== 'count') {
    if (term.field !== null) {
      need(ctx, topic, term.field, term.fn === 'count_distinct' ? 'STRING' : 'DOUBLE');
      x = quoteName(term.field);
    } else {
      const e = expression(ctx, topic, term.expr ?? '', 'expr');
      x = term.fn === 'count_distinct' ? `(${e})` : `TRY_CAST((${e}) AS DOUBLE)`;
    }
  }
  switch (term.fn) {
    case 'count':
      return `CAST(COUNT(*)${filter} AS DOUBLE)`;
    case 'sum':
      return `CAST(COALESCE(SUM(${x})${filter}, 0) AS DOUBLE)`;
    case 'avg':
    case 'min':
    case 'max':
      return `CAST(${term.fn.toUpperCase()}(${x})${filter} AS DOUBLE)`;
    case 'quantile':
      // Flink's PERCENTILE (2.0+) is exact and interpolates linearly, as DuckDB's quantile_cont.
      return `CAST(PERCENTILE(${x}, ${term.q})${filter} AS DOUBLE)`;
    case 'count_distinct':
      return `CAST(COUNT(DISTINCT ${x})${filter} AS DOUBLE)`;
  }
}

function both(filters: (string | null)[]): string {
  const parts = filters.filter((f): f is string => f !== null).map((f) => `(${f})`);
  return parts.length === 0 ? '' : `\n  WHERE ${parts.join(' AND ')}`;
}

/** The INSERT of one metric's rows `(label, window_end, value)` from `inner`. */
function insert(ctx: MetricSqlContext, id: string, inner: string): string {
  const until = ctx.untilMs === null ? '' : `\nWHERE time_ms <= ${ctx.untilMs}`;
  return `INSERT INTO ${quoteName(ctx.sink)}
SELECT ${quoteLiteral(id)} AS metric, label AS series, time_ms, \`value\`
FROM (
  SELECT label, ${epochMs('window_end')} AS time_ms, \`value\`
  FROM (
${indent(inner, 4)}
  )
)${until}`;
}

function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

function aggregateInsert(m: MetricDef & { kind: 'aggregate' }, ctx: MetricSqlContext): string {
  const where = m.filter === null ? null : expression(ctx, m.topic, m.filter, 'filter');
  const label = labelExpr(ctx, m.topic, m.by, m.label);
  const value = aggregate(ctx, m.topic, { ...m, filter: null });
  return insert(
    ctx,
    m.id,
    `SELECT window_start, window_end, ${label} AS label, ${value} AS \`value\`
FROM ${windowTvf(ctx, m.topic, m.window)}${both([where])}
GROUP BY window_start, window_end, ${label}`,
  );
}

function divide(num: string, den: string): string {
  return `CASE WHEN ${den} IS NULL OR ${den} = 0 THEN CAST('NaN' AS DOUBLE) ELSE ${num} / ${den} END`;
}

function ratioInsert(m: RatioMetric, ctx: MetricSqlContext): string {
  const { numerator: num, denominator: den } = m;
  if (num.topic === den.topic) {
    const label = labelExpr(ctx, m.topic, m.by, m.label);
    const shared = m.filter === null ? null : expression(ctx, m.topic, m.filter, 'filter');
    const either =
      num.filter === null || den.filter === null
        ? null
        : `(${expression(ctx, num.topic, num.filter, 'numerator filter')}) OR (${expression(ctx, den.topic, den.filter, 'denominator filter')})`;
    return insert(
      ctx,
      m.id,
      `SELECT window_start, window_end, ${label} AS label,
  ${divide(aggregate(ctx, num.topic, num), aggregate(ctx, den.topic, den))} AS \`value\`
FROM ${windowTvf(ctx, num.topic, m.window)}${both([shared, either])}
GROUP BY window_start, window_end, ${label}`,
    );
  }
  // Two topics: each term per window and label, the numerator left-joined to the denominator
  // (a window join); a window without numerator rows has the numerator's empty value.
  const side = (t: typeof num): string => {
    const label = labelExpr(ctx, t.topic, m.by, m.label);
    const shared = m.filter === null ? null : expression(ctx, t.topic, m.filter, 'filter');
    return `SELECT window_start, window_end, ${label} AS label, ${aggregate(ctx, t.topic, t)} AS v
    FROM ${windowTvf(ctx, t.topic, m.window)}${both([shared]).replace('\n', '\n  ')}
    GROUP BY window_start, window_end, ${label}`;
  };
  const emptyNum =
    num.fn === 'count' || num.fn === 'sum' || num.fn === 'count_distinct' ? '0' : 'NULL';
  return insert(
    ctx,
    m.id,
    `SELECT d.window_start, d.window_end, d.label,
  ${divide(`COALESCE(n.v, ${emptyNum})`, 'd.v')} AS \`value\`
FROM (
  ${side(den)}
) d LEFT JOIN (
  ${side(num)}
) n ON d.window_start = n.window_start AND d.window_end = n.window_end AND d.label = n.label`,
  );
}

const STAT_SQL: Record<LatencyStat, string> = {
  p50: 'PERCENTILE(d, 0.5)',
  p90: 'PERCENTILE(d, 0.9)',
  p95: 'PERCENTILE(d, 0.95)',
  p99: 'PERCENTILE(d, 0.99)',
  avg: 'AVG(d)',
  min: 'MIN(d)',
  max: 'MAX(d)',
  count: 'COUNT(d)',
};

/**
 * A latency metric: each end record joined to the start records of its key from at most
 * `latencyBoundMs` before it (an interval join), the pair's seconds aggregated in the window of
 * the end record under the end record's `by` values.
 */
function latencyStatements(m: LatencyMetric, index: number, ctx: MetricSqlContext): string[] {
  const pairs = `tapedeck_pairs_${index}`;
  const agg = `tapedeck_latency_${index}`;
  need(ctx, m.from.topic, m.from.key, 'STRING');
  need(ctx, m.to.topic, m.to.key, 'STRING');
  const fromWhere = both([
    `${quoteName(m.from.key)} IS NOT NULL`,
    m.from.filter === null ? null : expression(ctx, m.from.topic, m.from.filter, 'from filter'),
  ]);
  const toWhere = both([
    `${quoteName(m.to.key)} IS NOT NULL`,
    m.to.filter === null ? null : expression(ctx, m.to.topic, m.to.filter, 'to filter'),
  ]);
  const label = labelExpr(ctx, m.to.topic, m.by, m.label);
  const t = quoteName(TIME_COLUMN);
  const ms = quoteName(MS_COLUMN);
  const view = `CREATE TEMPORARY VIEW ${quoteName(pairs)} AS
SELECT e.${t}, e.label, CAST(e.${ms} - s.${ms} AS DOUBLE) / 1000 AS d
FROM (
  SELECT ${t}, ${ms}, CAST(${quoteName(m.to.key)} AS STRING) AS pair_key, ${label} AS label
  FROM ${quoteName(m.to.topic)}${toWhere.replace('\n', '\n  ')}
) e, (
  SELECT ${t}, ${ms}, CAST(${quoteName(m.from.key)} AS STRING) AS pair_key
  FROM ${quoteName(m.from.topic)}${fromWhere.replace('\n', '\n  ')}
) s
WHERE e.pair_key = s.pair_key
  AND s.${t} BETWEEN e.${t} - ${interval(ctx.latencyBoundMs, 'latency bound')} AND e.${t}`;
  const stats = m.stats.map((s) => `CAST(${STAT_SQL[s]} AS DOUBLE) AS ${quoteName(s)}`);
  const aggView = `CREATE TEMPORARY VIEW ${quoteName(agg)} AS
SELECT window_start, window_end, label, ${stats.join(', ')}
FROM ${windowTvf(ctx, pairs, m.window, true)}
GROUP BY window_start, window_end, label`;
  const perStat = m.stats.map(
    (s) =>
      `SELECT window_end, ${m.stats.length > 1 ? `label || ${quoteLiteral(` · ${s}`)}` : 'label'} AS label, ${quoteName(s)} AS \`value\` FROM ${quoteName(agg)}`,
  );
  return [view, aggView, insert(ctx, m.id, perStat.join('\nUNION ALL\n'))];
}

/** Latest state events older than this before the end are outside the one cumulative window. */
export const STATE_HISTORY_MS = 3650 * 86_400_000;

/**
 * A state-duration metric (`engine/workbook/compile-state-duration.ts`): at each instant
 * `i = k·every`, per key, the state is that of its latest state event with timestamp `≤ i`;
 * while it is in `values`, the value is `(i − since) / 1000`, `since` being the first event of
 * the current run of matching states (a repeated matching event does not restart the clock);
 * no row while in another state, and none before the key's first event.
 *
 * Flink has no per-key clock, so the instants come from one CUMULATE window per key holding
 * its whole history: it fires at every step until its end, with or without new records. The
 * window starts 1 ms after an instant, so its end `i + 1 ms` takes the events at `ts ≤ i`
 * (the sample is stamped `i`), and ends 1 ms after the last instant at or before the end of
 * history (so it needs that end: `untilMs`). An OVER aggregation in event-time order marks
 * each event that starts a run (matching, after a non-matching one or none) or ends one; the
 * key is in a matching state at `i` when more runs have started than ended by then.
 *
 * Equal to Tapedeck as long as state events arrive in timestamp order per partition (as
 * Kafka producers write them). A state event behind the watermark is dropped by Flink's
 * OVER aggregation, while Tapedeck applies it from the first instant after its delivery.
 */
function stateDurationStatements(
  m: StateDurationMetric,
  index: number,
  ctx: MetricSqlContext,
): string[] {
  if (ctx.untilMs === null) {
    throw new Untranslatable(
      'state_duration needs the end of the history (give --to, or use flink run, which finds it): Flink SQL has no per-key clock, so its instants come from a cumulative window that must end at the last instant; live reading has no end',
    );
  }
  const step = interval(m.everyMs, 'every');
  const lastInstant = Math.floor(ctx.untilMs / m.everyMs) * m.everyMs;
  const size = Math.ceil(STATE_HISTORY_MS / m.everyMs) * m.everyMs;
  const offset = (((lastInstant + 1) % size) + size) % size;
  const events = `tapedeck_state_events_${index}`;
  const state = quoteName(m.state);
  need(ctx, m.topic, m.state, 'STRING');
  const label = labelExpr(ctx, m.topic, [m.key], m.id);
  const where = both([
    `${state} IS NOT NULL`,
    m.filter === null ? null : expression(ctx, m.topic, m.filter, 'filter'),
  ]);
  const t = quoteName(TIME_COLUMN);
  const ms = quoteName(MS_COLUMN);
  const hit = `COALESCE(CAST(${state} AS STRING) IN (${m.values.map(quoteLiteral).join(', ')}), FALSE)`;
  const view = `CREATE TEMPORARY VIEW ${quoteName(events)} AS
SELECT ${t}, ${ms}, label,
  hit AND COALESCE(NOT prev_hit, TRUE) AS run_start,
  NOT hit AND COALESCE(prev_hit, FALSE) AS run_end
FROM (
  SELECT ${t}, ${ms}, label, hit, LAG(hit) OVER (PARTITION BY label ORDER BY ${t}) AS prev_hit
  FROM (
    SELECT ${t}, ${ms}, ${label} AS label, ${hit} AS hit
    FROM ${quoteName(m.topic)}${where.replace('\n', '\n    ')}
  )
)`;
  const cumulate = `TABLE(CUMULATE(TABLE ${quoteName(events)}, DESCRIPTOR(${t}), ${step}, ${interval(size, 'state history')}, ${intervalMs(offset)}))`;
  return [
    view,
    insert(
      ctx,
      m.id,
      `SELECT label, window_end - INTERVAL '0.001' SECOND AS window_end,
  CAST(${epochMs('window_end')} - 1 - since AS DOUBLE) / 1000 AS \`value\`
FROM (
  SELECT window_start, window_end, label,
    COUNT(*) FILTER (WHERE run_start) AS starts,
    COUNT(*) FILTER (WHERE run_end) AS ends,
    MAX(${ms}) FILTER (WHERE run_start) AS since
  FROM ${cumulate}
  GROUP BY window_start, window_end, label
)
WHERE starts > ends`,
    ),
  ];
}

/** A Flink interval literal for a non-negative number of ms (`DAY TO SECOND(3)`). */
function intervalMs(ms: number): string {
  const pad = (x: number, n = 2) => String(x).padStart(n, '0');
  const days = Math.floor(ms / 86_400_000);
  const rest = ms % 86_400_000;
  const text = `${days} ${pad(Math.floor(rest / 3_600_000))}:${pad(Math.floor((rest % 3_600_000) / 60_000))}:${pad(Math.floor((rest % 60_000) / 1000))}.${pad(rest % 1000, 3)}`;
  return `INTERVAL '${text}' DAY(${Math.min(6, Math.max(2, String(days).length))}) TO SECOND(3)`;
}

/**
 * An SLI's minute series (`engine/workbook/compile-sli.ts`): per minute, `minutes` SLIs give 1
 * when a record passes `bad` and 0 when none does; `events` SLIs `1 − good / total`; no row for
 * a minute without records (no data). Unlike a metric's sample, Tapedeck's SLI minute counts
 * every record that is not late, those delivered during the grace period too, so with a grace
 * period the SLI reads its topic through a table of its own whose watermark lags by the grace.
 */
export function sliToFlink(sli: SliDef, graceMs: number, ctx: MetricSqlContext): MetricTranslation {
  try {
    let table = sli.topic;
    if (graceMs > 0) {
      interval(graceMs, 'the grace period'); // refused unless whole seconds
      table = `${sli.topic}@grace`;
      ctx.delayed.set(table, { topic: sli.topic, delayMs: graceMs });
    }
    const tvf = windowTvf(ctx, table, { sizeMs: 60_000, hopMs: 60_000 });
    let inner: string;
    if (sli.kind === 'minutes') {
      const bad = expression(ctx, table, sli.bad ?? 'FALSE', 'bad');
      inner = `SELECT window_start, window_end, ${quoteLiteral(sli.id)} AS label,
  CAST(MAX(CASE WHEN COALESCE((${bad}), FALSE) THEN 1 ELSE 0 END) AS DOUBLE) AS \`value\`
FROM ${tvf}
GROUP BY window_start, window_end`;
    } else {
      const good = expression(ctx, table, sli.good ?? 'FALSE', 'good');
      const total = expression(ctx, table, sli.total ?? 'TRUE', 'total');
      inner = `SELECT window_start, window_end, ${quoteLiteral(sli.id)} AS label,
  1 - CAST(COUNT(*) FILTER (WHERE COALESCE((${good}), FALSE)) AS DOUBLE) / COUNT(*) AS \`value\`
FROM ${tvf}${both([total])}
GROUP BY window_start, window_end`;
    }
    return { ok: true, statements: [insert(ctx, sli.id, inner)] };
  } catch (error) {
    if (error instanceof Untranslatable) return { ok: false, reason: error.message };
    throw error;
  }
}
