import type { MetricContext } from '../metrics/index.ts';
import { labelOf } from '../metrics/window-sql.ts';
import { quoteIdent, quoteString, sqlNumber } from '../sql/sql.ts';
import type { StateDurationMetric } from '../contract.ts';
import { deliveredRows, lateSeqRows, windowedRows } from './window-rows.ts';

/**
 * SQL of a state-duration metric (generalises seed 000's seconds each restaurant has been
 * closed). At each evaluation instant `i = k·every` from the source's start to replay time, a
 * key's state is known from its state events delivered by `i` (stream time `≤ i`), as a live
 * evaluation at `i` would know it: the state is that of the latest of them by timestamp. When
 * it is in `values`, the key has been so for `(i − since)/1000` seconds, `since` being the
 * timestamp of the first event of its current run of matching states among those events (a
 * repeated matching event does not restart the clock). No row (no value) while in another
 * state or unknown.
 *
 * So a state event delivered late (after stream time passed the end of the interval holding
 * it, plus grace) is counted as late and still applies, from the first instant after its
 * delivery on, dated by its own timestamp: a late ON ends a closed state from then on rather
 * than never, and a late OFF shows a closed state timed from when it closed. Before its
 * delivery the value is what was known then, and is not rewritten afterwards.
 *
 * State events are the delivered records with a non-null state that pass `filter`. Events of
 * one key with equal timestamps apply in delivery order.
 */
export function stateDurationSql(m: StateDurationMetric, ctx: MetricContext): string {
  const step = sqlNumber(m.everyMs, 'every');
  const first = sqlNumber(Math.ceil(ctx.start / m.everyMs) * m.everyMs, 'first instant');
  const stop = sqlNumber(Math.floor(ctx.time / m.everyMs) * m.everyMs + 1, 'last instant');
  const state = quoteIdent(m.state);
  const events = windowedRows(stateEvents(m, ctx), everyWindow(m), ctx.graceMs);
  const matching = `CAST(${state} AS VARCHAR) IN (${m.values.map(quoteString).join(', ')})`;
  // A key's knowledge changes only when one of its events is delivered: each event opens a
  // version (what was known from its delivery to the next one's), holding the latest event
  // by (timestamp, delivery) so far and the latest non-matching one. Its instants run from
  // the first instant at or after its delivery to the next version's.
  return `WITH events AS (
      SELECT *, row_number() OVER (PARTITION BY k ORDER BY ts, seq) AS pos
      FROM (
        SELECT ${labelOf(m.key)} AS k, _ts AS ts, _seq AS seq, _stream_ts AS st,
          ${matching} AS hit, late
        FROM (${events})
      )
    ),
    versions AS (
      SELECT k, seq, st + ((-st % ${step}) + ${step}) % ${step} AS from_instant,
        arg_max(hit, pos) OVER known AS hit,
        coalesce(max(CASE WHEN NOT hit THEN pos END) OVER known, 0) AS off_pos
      FROM events
      WINDOW known AS (PARTITION BY k ORDER BY seq ROWS UNBOUNDED PRECEDING)
    ),
    spans AS (
      SELECT k, seq, off_pos, greatest(from_instant, ${first}) AS from_instant,
        least(coalesce(lead(from_instant) OVER (PARTITION BY k ORDER BY seq), ${stop}), ${stop}) AS until,
        hit
      FROM versions
    ),
    runs AS (
      SELECT s.k, s.from_instant, s.until, min(e.ts) AS since
      FROM spans s JOIN events e ON e.k = s.k AND e.seq <= s.seq AND e.pos > s.off_pos
      WHERE s.hit AND s.from_instant < s.until
      GROUP BY s.k, s.seq, s.from_instant, s.until
    )
    SELECT k AS label, CAST(i AS DOUBLE) AS t, (i - since) / 1000 AS value, 0::DOUBLE AS late
    FROM (SELECT k, since, unnest(range(from_instant, until, ${step})) AS i FROM runs)
    UNION ALL
    SELECT NULL, NULL, NULL, CAST(count(*) FILTER (WHERE late) AS DOUBLE) FROM events`;
}

/** The state events a state-duration metric reads. */
function stateEvents(m: StateDurationMetric, ctx: MetricContext): string {
  const filter = `${quoteIdent(m.state)} IS NOT NULL${m.filter === null ? '' : ` AND (${m.filter})`}`;
  return deliveredRows(ctx, m.topic, filter);
}

/** The intervals between evaluation instants, as windows (an event is late for its interval). */
function everyWindow(m: StateDurationMetric) {
  return { sizeMs: m.everyMs, hopMs: m.everyMs };
}

/** The late state events a state-duration metric counts (`MetricSlice.lateSql`). */
export function stateDurationLateSql(m: StateDurationMetric, ctx: MetricContext): string {
  return lateSeqRows(stateEvents(m, ctx), everyWindow(m), ctx.graceMs);
}
