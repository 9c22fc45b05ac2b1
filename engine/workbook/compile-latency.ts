import type { MetricContext, NumbersRead, OpenWindows, TableRead } from '../metrics/index.ts';
import { quoteIdent, quoteString, sqlNumber } from '../sql/sql.ts';
import { countAtMost, countBelow } from '../sorted-search.ts';
import type { LatencyMetric, LatencyStat } from '../contract.ts';
import {
  deliveredRows,
  hoppingLateRow,
  isTumbling,
  knownAtEnd,
  labelSql,
  lateSeqRows,
  windowedRows,
} from './window-rows.ts';

const STAT_SQL: Record<LatencyStat, string> = {
  p50: 'quantile_cont(d, 0.5)',
  p90: 'quantile_cont(d, 0.9)',
  p95: 'quantile_cont(d, 0.95)',
  p99: 'quantile_cont(d, 0.99)',
  avg: 'avg(d)',
  min: 'min(d)',
  max: 'max(d)',
  count: 'count(d)',
};

/**
 * SQL of a latency metric: per key, the first `to` record (by timestamp, then delivery order)
 * is paired with the first `from` record (by timestamp); the pair's latency is
 * `(to._ts − from._ts) / 1000` seconds, dropped when negative or without a `from`. Pairs go in
 * the window(s) of their `to` record, under the `by` values of the `to` record; a `to` record
 * delivered after its window was final is late (counted, not aggregated), as in window-sql.ts.
 *
 * Each window's sample holds the pairs as known at its end (DESIGN "As-of values"): "first"
 * means first among the records delivered by then, so a `to` record delivered later with an
 * earlier timestamp, or a `from` record delivered later, changes later windows only. In SQL:
 * each `to` record that was its key's first when delivered holds until the next such record's
 * delivery (`displaced`), and each key's earliest `from` timestamp is read as of the window's
 * end (an ASOF join on stream time). Late records are counted among the pairs as known at the
 * replay time (`known_pairs` in `pairsSql`).
 */
export function latencySql(m: LatencyMetric, ctx: MetricContext): string {
  const size = sqlNumber(m.window.sizeMs, 'window size');
  const sampled = `SELECT w.*, (w._ts - s.start_ts) / 1000 AS d
    FROM (${windowedRows('SELECT * FROM firsts', m.window, ctx.graceMs)}) w
    ASOF JOIN starts_known s ON s.pair_key = w.pair_key AND s.st <= w.ws + ${size}
    WHERE ${knownAtEnd(m.window, ctx.graceMs, 'w')}
      AND (w.displaced IS NULL OR w.displaced > w.ws + ${size}) AND s.start_ts <= w._ts`;
  const label = labelSql(m.by, m.label);
  const tumbling = isTumbling(m.window);
  const perStat = m.stats.map(
    (
      stat,
    ) => `SELECT ${m.stats.length > 1 ? `label || ${quoteString(` · ${stat}`)}` : 'label'} AS label,
        t, ${stat} AS value, 0::DOUBLE AS late FROM agg`,
  );
  const lateRow = tumbling
    ? `SELECT NULL::VARCHAR, NULL::DOUBLE, NULL::DOUBLE, CAST(count(*) FILTER (WHERE late) AS DOUBLE)
      FROM (${windowedRows('SELECT * FROM known_pairs', m.window, ctx.graceMs)})`
    : hoppingLateRow('SELECT * FROM known_pairs', m.window, ctx.graceMs);
  return `${pairsSql(m, ctx)},
    agg AS MATERIALIZED (
      SELECT ${label} AS label, CAST(ws + ${size} AS DOUBLE) AS t,
        ${m.stats.map((s) => `CAST(${STAT_SQL[s]} AS DOUBLE) AS ${s}`).join(', ')}
      FROM (${sampled}) GROUP BY ALL
    )
    ${perStat.join('\n    UNION ALL ')}
    UNION ALL ${lateRow}`;
}

/**
 * A latency metric's open windows (`MetricSlice.openWindows`), read once over the whole source
 * (`openWholeSource`), for one without `avg` (JS cannot add in DuckDB's order). Reads every
 * `to` record and the `from` records of their keys, delivered before `ctx.delivered`; a frame
 * then pairs them as `latencySql` does for a window still open, where every record delivered
 * came before the window's end: a key's `to` record is the earliest by timestamp (then
 * delivery) among those delivered, its start the earliest `from` timestamp delivered, and a
 * pair with a later start or none is left out. The stats per window and label follow
 * `STAT_SQL` (`quantile_cont` as DuckDB interpolates it).
 */
export function latencyOpenWindows(
  m: LatencyMetric,
  ctx: MetricContext,
  query: (sql: string) => TableRead,
): OpenWindows {
  const fromKey = quoteIdent(m.from.key);
  const toKey = quoteIdent(m.to.key);
  const { since: _, ...all } = ctx;
  const side = (key: string, topic: string, filter: string | null, label: string) =>
    `SELECT CAST(${key} AS VARCHAR) AS pair_key, CAST(_ts AS DOUBLE) AS ts,
        CAST(_seq AS DOUBLE) AS seq, ${label} AS label
      FROM (${deliveredRows(all, topic, both(`${key} IS NOT NULL`, filter))})`;
  const label = labelSql(m.by, m.label);
  const table = query(`WITH tos AS MATERIALIZED (${side(toKey, m.to.topic, m.to.filter, label)}),
      records AS (
        SELECT pair_key, 1 AS is_to, ts, seq, label FROM tos
        UNION ALL SELECT pair_key, 0, ts, seq, label
        FROM (${side(fromKey, m.from.topic, m.from.filter, 'NULL::VARCHAR')})
        WHERE pair_key IN (SELECT pair_key FROM tos)
      )
    SELECT CAST(dense_rank() OVER (ORDER BY pair_key) - 1 AS DOUBLE) AS k,
      CAST(is_to AS DOUBLE) AS is_to, ts, seq, label
    FROM records ORDER BY k, seq`);
  const numbers = (name: string) => (table.getChild(name) as unknown as NumbersRead).toArray();
  const key = Uint32Array.from(numbers('k'));
  const isTo = Uint8Array.from(numbers('is_to'));
  const ts = Float64Array.from(numbers('ts'));
  const seq = Float64Array.from(numbers('seq'));
  const labelColumn = table.getChild('label')!;
  const n = table.numRows;
  const keys = n === 0 ? 0 : key[n - 1]! + 1;
  // Key `k` holds rows `starts[k]` to `starts[k + 1]`, in delivery order.
  const starts = new Uint32Array(keys + 1);
  for (let i = 0; i < n; i++) starts[key[i]! + 1] = i + 1;
  for (let k = 1; k <= keys; k++) starts[k] = Math.max(starts[k]!, starts[k - 1]!);
  // Each `to` record's label, as an index into `names`; and the `to` records by timestamp (a
  // frame's candidate keys are those of the `to` records that can fall in its open windows).
  const names: string[] = [];
  const nameIds = new Map<string, number>();
  const labelOf = new Uint32Array(n);
  let tos = 0;
  for (let i = 0; i < n; i++) {
    if (isTo[i] !== 1) continue;
    tos++;
    const name = labelColumn.get(i) as string;
    let id = nameIds.get(name);
    if (id === undefined) nameIds.set(name, (id = names.push(name) - 1));
    labelOf[i] = id;
  }
  const byTs = new Uint32Array(tos);
  for (let i = 0, j = 0; i < n; i++) if (isTo[i] === 1) byTs[j++] = i;
  byTs.sort((a, b) => ts[a]! - ts[b]!);
  const sortedTs = Float64Array.from(byTs, (i) => ts[i]!);
  const seen = new Uint32Array(keys);
  let stamp = 0;
  const { sizeMs: size, hopMs: hop } = m.window;
  return {
    samples(delivered, open, put) {
      stamp++;
      const windows = new Map<string, { label: string; t: number; d: number[] }>();
      const from = countAtMost(sortedTs, open.after - size);
      const to = countBelow(sortedTs, open.until);
      for (let r = from; r < to; r++) {
        const k = key[byTs[r]!]!;
        if (seen[k] === stamp) continue;
        seen[k] = stamp;
        let first = -1;
        let start = Infinity;
        for (let i = starts[k]!; i < starts[k + 1]! && seq[i]! < delivered; i++) {
          if (isTo[i] !== 1) start = Math.min(start, ts[i]!);
          else if (first < 0 || ts[i]! < ts[first]!) first = i;
        }
        if (first < 0 || !(start <= ts[first]!)) continue;
        const at = ts[first]!;
        const d = (at - start) / 1000;
        const label = names[labelOf[first]!]!;
        // The windows `[ws, ws + size)` holding `at`, `ws` a multiple of the hop.
        for (let ws = at - (((at % hop) + hop) % hop); ws > at - size; ws -= hop) {
          const t = ws + size;
          if (!(t > open.after && t <= open.until)) continue;
          const id = `${t} ${label}`;
          let window = windows.get(id);
          if (!window) windows.set(id, (window = { label, t, d: [] }));
          window.d.push(d);
        }
      }
      for (const { label, t, d } of windows.values()) {
        const sorted = Float64Array.from(d).sort();
        for (const stat of m.stats) {
          put(m.stats.length > 1 ? `${label} · ${stat}` : label, t, latencyStat(stat, sorted));
        }
      }
    },
  };
}

/** `stat` of ascending `v` (not empty) as `STAT_SQL` computes it; not `avg`. */
export function latencyStat(stat: LatencyStat, v: Float64Array): number {
  switch (stat) {
    case 'min':
      return v[0]!;
    case 'max':
      return v[v.length - 1]!;
    case 'count':
      return v.length;
    case 'avg':
      throw new Error('the avg of a latency is computed by DuckDB only');
    default:
      return quantileCont(v, QUANTILES[stat]);
  }
}

const QUANTILES = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 } as const;

/**
 * The `q` quantile of ascending `v` (not empty) as DuckDB's `quantile_cont`: at position
 * `(n − 1)·q`, linear between its neighbours as `lo·(1 − f) + hi·f`, which gives DuckDB's
 * result to the last bit (compile-latency.integration.test.ts).
 */
export function quantileCont(v: ArrayLike<number>, q: number): number {
  const position = (v.length - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  if (lo === hi) return v[lo]!;
  const f = position - lo;
  return v[lo]! * (1 - f) + v[hi]! * f;
}

/**
 * The late records a latency metric counts (`MetricSlice.lateSql`): each pair whose `to` record
 * was late, from the delivery that made it a pair (`known_pairs`).
 */
export function latencyLateSql(m: LatencyMetric, ctx: MetricContext): string {
  return `${pairsSql(m, ctx)}
    ${lateSeqRows('SELECT * FROM known_pairs', m.window, ctx.graceMs)}`;
}

/**
 * The common CTEs of a latency metric's SQL (see `latencySql`): `froms` and `tos` (each with
 * `pair_key`), `firsts` (the `to` records that were their key's first when delivered, with
 * `displaced`), `starts_known` (each key's earliest `from` timestamp as of each stream time)
 * and `known_pairs`: the `firsts` that have a `from` record at or before them, `_seq` being
 * the delivery that completed the pair (the later of the two) — a late `to` record counts as
 * late from then on (even once an earlier `to` record displaces it: it did arrive late).
 *
 * With `ctx.since` (only the windows from there are asked for), only the keys with a `to`
 * record delivered since then are read — all of their records, so each pair is as without it.
 */
function pairsSql(m: LatencyMetric, ctx: MetricContext): string {
  const fromKey = quoteIdent(m.from.key);
  const toKey = quoteIdent(m.to.key);
  const { since, ...all } = ctx;
  const toFilter = both(`${toKey} IS NOT NULL`, m.to.filter);
  const keys = since === undefined ? '' : 'WHERE pair_key IN (SELECT pair_key FROM pair_keys)';
  const froms = `SELECT * FROM (SELECT CAST(${fromKey} AS VARCHAR) AS pair_key, _ts, _stream_ts, _seq
    FROM (${deliveredRows(all, m.from.topic, both(`${fromKey} IS NOT NULL`, m.from.filter))})) ${keys}`;
  // Only the columns read further on: the materialized CTEs below copy every column they are
  // given (with the topic's whole row, 10M kitchen records ran DuckDB-WASM out of memory here).
  const toColumns = [...new Set(['_seq', '_stream_ts', '_ts', ...m.by])].map(quoteIdent);
  const tos = `SELECT * FROM (SELECT ${toColumns.join(', ')}, CAST(${toKey} AS VARCHAR) AS pair_key
    FROM (${deliveredRows(all, m.to.topic, toFilter)})) ${keys}`;
  const firsts = `SELECT *, lead(_stream_ts) OVER (PARTITION BY pair_key ORDER BY _seq) AS displaced
    FROM (
      SELECT *, min(_ts) OVER (PARTITION BY pair_key ORDER BY _seq
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS earlier
      FROM tos
    )
    WHERE earlier IS NULL OR _ts < earlier`;
  const startsKnown = `SELECT pair_key, st,
      min(min_ts) OVER (PARTITION BY pair_key ORDER BY st ROWS UNBOUNDED PRECEDING) AS start_ts
    FROM (SELECT pair_key, _stream_ts AS st, min(_ts) AS min_ts FROM froms GROUP BY ALL)`;
  // For each key and `from` timestamp, the first delivery of a `from` record at or before it.
  const startSeqs = `SELECT pair_key, _ts,
      min(_seq) OVER (PARTITION BY pair_key ORDER BY _ts) AS start_seq
    FROM froms`;
  const known = `SELECT f.* REPLACE (greatest(f._seq, s.start_seq) AS _seq)
    FROM firsts f ASOF JOIN start_seqs s ON s.pair_key = f.pair_key AND s._ts <= f._ts`;
  // The CTEs read more than once are materialized: DuckDB would otherwise compute them anew at
  // each reference (`agg` in `latencySql` too).
  const pairKeys =
    since === undefined
      ? ''
      : `pair_keys AS MATERIALIZED (SELECT DISTINCT CAST(${toKey} AS VARCHAR) AS pair_key
        FROM (${deliveredRows(ctx, m.to.topic, toFilter)})), `;
  return `WITH ${pairKeys}froms AS MATERIALIZED (${froms}), tos AS MATERIALIZED (${tos}),
    firsts AS MATERIALIZED (${firsts}), starts_known AS (${startsKnown}),
    start_seqs AS (${startSeqs}), known_pairs AS MATERIALIZED (${known})`;
}

function both(a: string, b: string | null): string {
  return b === null ? a : `${a} AND (${b})`;
}
