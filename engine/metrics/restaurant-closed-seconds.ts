import { sqlNumber } from '../sql.ts';
import type { MetricSpec } from './metric-spec.ts';
import { labelOf, windowedRows } from './window-sql.ts';

const STEP_MS = 60_000;

/**
 * Seed 000: how long each restaurant has been closed, re-evaluated every minute. At each minute
 * boundary `m`, a restaurant (the `name` field) whose latest `restaurant-status` event with
 * `_ts <= m` is OFF has been closed for `(m - since) / 1000` seconds, where `since` is the first
 * OFF of its current run of OFFs (a repeated OFF does not reset it). NaN when ON or unknown.
 *
 * Lateness follows the 1-minute windows: an event is late (excluded and counted) when stream
 * time had already reached the end of the minute holding its timestamp. Events with equal
 * timestamps for one restaurant apply in delivery order.
 */
export const restaurantClosedSeconds: MetricSpec = {
  id: 'restaurant-closed-seconds',
  title: 'Seconds each restaurant has been closed',
  unit: 's',
  stepMs: STEP_MS,
  description:
    'Per restaurant, evaluated every minute: seconds since the first OFF of its current OFF run on `restaurant-status`; no value while ON or unknown.',
  alert: { op: '>', threshold: 7200, forMs: 0 },
  requires: { 'restaurant-status': ['name', 'status'] },
  sampling: 'instant',
  missing: NaN,
  sql: (ctx) => {
    const first = sqlNumber(Math.ceil(ctx.start / STEP_MS) * STEP_MS, 'first minute');
    const stop = sqlNumber(Math.floor(ctx.time / STEP_MS) * STEP_MS + 1, 'last minute');
    const events = windowedRows(ctx, 'restaurant-status', STEP_MS, `status IN ('ON', 'OFF')`);
    // Each OFF state lasts from its event to the restaurant's next event; only its minutes are made.
    return `WITH events AS (
        SELECT ${labelOf('name')} AS name, _ts AS ts, _seq AS seq, status = 'OFF' AS off, late
        FROM (${events})
      ),
      runs AS (
        SELECT *, sum(CASE WHEN off THEN 0 ELSE 1 END)
          OVER (PARTITION BY name ORDER BY ts, seq ROWS UNBOUNDED PRECEDING) AS run
        FROM events WHERE NOT late
      ),
      states AS (
        SELECT name, ts, off, min(CASE WHEN off THEN ts END) OVER (PARTITION BY name, run) AS since
        FROM runs
        QUALIFY row_number() OVER (PARTITION BY name, ts ORDER BY seq DESC) = 1
      ),
      closed AS (
        SELECT name, since, ts + ((-ts % ${STEP_MS}) + ${STEP_MS}) % ${STEP_MS} AS from_minute,
          least(coalesce(lead(ts) OVER (PARTITION BY name ORDER BY ts), ${stop}), ${stop}) AS until, off
        FROM states
      )
      SELECT name AS label, CAST(m AS DOUBLE) AS t, (m - since) / 1000 AS value, 0::DOUBLE AS late
      FROM (
        SELECT name, since, unnest(range(greatest(from_minute, ${first}), until, ${STEP_MS})) AS m
        FROM closed WHERE off
      )
      UNION ALL
      SELECT NULL, NULL, NULL, CAST(count(*) FILTER (WHERE late) AS DOUBLE) FROM events`;
  },
};
