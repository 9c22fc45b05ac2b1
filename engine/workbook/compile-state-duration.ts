import type { MetricContext } from '../metrics/index.ts';
import { labelOf } from '../metrics/window-sql.ts';
import { quoteIdent, quoteString, sqlNumber } from '../sql/sql.ts';
import type { StateDurationMetric } from '../contract.ts';
import { deliveredRows, windowedRows } from './window-rows.ts';

/**
 * SQL of a state-duration metric (generalises seed 000's seconds each restaurant has been
 * closed). At each evaluation instant `m = k·every` from the source's start to replay time, a
 * key whose latest state event with `_ts ≤ m` is in `values` has been so for `(m − since)/1000`
 * seconds, `since` being the first event of its current run of matching states (a repeated
 * matching event does not restart the clock). No row (no value) while in another state or unknown.
 *
 * State events are the delivered records with a non-null state that pass `filter`. Lateness
 * follows windows of `every`: an event is late (excluded, counted) when stream time had already
 * reached the end of the interval holding it. Events of one key with equal timestamps apply
 * in delivery order.
 */
export function stateDurationSql(m: StateDurationMetric, ctx: MetricContext): string {
  const step = sqlNumber(m.everyMs, 'every');
  const first = sqlNumber(Math.ceil(ctx.start / m.everyMs) * m.everyMs, 'first instant');
  const stop = sqlNumber(Math.floor(ctx.time / m.everyMs) * m.everyMs + 1, 'last instant');
  const state = quoteIdent(m.state);
  const filter = `${state} IS NOT NULL${m.filter === null ? '' : ` AND (${m.filter})`}`;
  const events = windowedRows(
    deliveredRows(ctx, m.topic, filter),
    { sizeMs: m.everyMs, hopMs: m.everyMs },
    ctx.graceMs,
  );
  const matching = `CAST(${state} AS VARCHAR) IN (${m.values.map(quoteString).join(', ')})`;
  // Each matching state lasts from its event to the key's next event; only its instants are made.
  return `WITH events AS (
      SELECT ${labelOf(m.key)} AS k, _ts AS ts, _seq AS seq, ${matching} AS hit, late
      FROM (${events})
    ),
    runs AS (
      SELECT *, sum(CASE WHEN hit THEN 0 ELSE 1 END)
        OVER (PARTITION BY k ORDER BY ts, seq ROWS UNBOUNDED PRECEDING) AS run
      FROM events WHERE NOT late
    ),
    states AS (
      SELECT k, ts, hit, min(CASE WHEN hit THEN ts END) OVER (PARTITION BY k, run) AS since
      FROM runs
      QUALIFY row_number() OVER (PARTITION BY k, ts ORDER BY seq DESC) = 1
    ),
    spans AS (
      SELECT k, since, ts + ((-ts % ${step}) + ${step}) % ${step} AS from_instant,
        least(coalesce(lead(ts) OVER (PARTITION BY k ORDER BY ts), ${stop}), ${stop}) AS until, hit
      FROM states
    )
    SELECT k AS label, CAST(i AS DOUBLE) AS t, (i - since) / 1000 AS value, 0::DOUBLE AS late
    FROM (
      SELECT k, since, unnest(range(greatest(from_instant, ${first}), until, ${step})) AS i
      FROM spans WHERE hit
    )
    UNION ALL
    SELECT NULL, NULL, NULL, CAST(count(*) FILTER (WHERE late) AS DOUBLE) FROM events`;
}
