import { MINUTE_MS } from '../alerts/sli.ts';
import type { MetricContext } from '../metrics/index.ts';
import { quoteString } from '../sql/sql.ts';
import type { SliDef } from '../contract.ts';
import { deliveredRows, lateSeqRows, runningRows, windowedRows } from './window-rows.ts';

const MINUTE = { sizeMs: MINUTE_MS, hopMs: MINUTE_MS };

/**
 * SQL of an SLI's minute series: rows `(label = SLI id, t = minute end, value, late)`, `value`
 * being the minute's bad fraction, as `sliSummary` / `rollingSli` / `evaluateBurnRateAlerts`
 * read it (minutes without a row are NaN: no data, counted per the SLI's `no_data`):
 * - `minutes`: 1 when any on-time record of the minute passes `bad` (a NULL result is not bad),
 *   0 when it has on-time records and none does (seed 002);
 * - `events`: `1 − good / total` over the on-time records passing `total`; no row for a minute
 *   without any.
 * Records delivered after their minute was final are late: counted, not used.
 */
export function sliSql(s: SliDef, ctx: MetricContext): string {
  const label = quoteString(s.id);
  if (s.kind === 'minutes') {
    const rows = windowedRows(sliRows(s, ctx), MINUTE, ctx.graceMs);
    return `SELECT ${label} AS label, CAST(ws + ${MINUTE_MS} AS DOUBLE) AS t,
        CASE WHEN count(*) FILTER (WHERE NOT late) = 0 THEN NULL
          ELSE CAST(coalesce(bool_or(coalesce((${s.bad}), FALSE)) FILTER (WHERE NOT late), FALSE) AS DOUBLE)
        END AS value,
        CAST(count(*) FILTER (WHERE late) AS DOUBLE) AS late
      FROM (${rows}) GROUP BY ALL`;
  }
  const rows = windowedRows(sliRows(s, ctx), MINUTE, ctx.graceMs);
  return `SELECT label, t, CASE WHEN total = 0 THEN NULL ELSE 1 - good / total END AS value, late
    FROM (
      SELECT ${label} AS label, CAST(ws + ${MINUTE_MS} AS DOUBLE) AS t,
        CAST(count(*) FILTER (WHERE NOT late AND coalesce((${s.good}), FALSE)) AS DOUBLE) AS good,
        CAST(count(*) FILTER (WHERE NOT late) AS DOUBLE) AS total,
        CAST(count(*) FILTER (WHERE late) AS DOUBLE) AS late
      FROM (${rows}) GROUP BY ALL
    )`;
}

/**
 * The running form of an SLI's minute series (`runningWindows`, `MetricSlice.openWindows`): the sample as
 * `sliSql` computes it, over the minute's records delivered up to each one.
 */
export function sliRunningSql(s: SliDef, ctx: MetricContext): string {
  const value =
    s.kind === 'minutes'
      ? (over: string) => `CASE WHEN count(*) FILTER (WHERE NOT late) ${over} = 0 THEN NULL
          ELSE CAST(coalesce(bool_or(coalesce((${s.bad}), FALSE)) FILTER (WHERE NOT late) ${over}, FALSE) AS DOUBLE)
        END`
      : (over: string) => {
          const good = `CAST(count(*) FILTER (WHERE NOT late AND coalesce((${s.good}), FALSE)) ${over} AS DOUBLE)`;
          const total = `CAST(count(*) FILTER (WHERE NOT late) ${over} AS DOUBLE)`;
          return `CASE WHEN ${total} = 0 THEN NULL ELSE 1 - ${good} / ${total} END`;
        };
  return runningRows(sliRows(s, ctx), MINUTE, ctx.graceMs, quoteString(s.id), value);
}

/** The records an SLI reads: all of its topic's (`minutes`), or those passing `total` (`events`). */
function sliRows(s: SliDef, ctx: MetricContext): string {
  return deliveredRows(ctx, s.topic, s.kind === 'minutes' ? null : s.total);
}

/** The late records an SLI counts (`MetricSlice.lateSql`). */
export function sliLateSql(s: SliDef, ctx: MetricContext): string {
  return lateSeqRows(sliRows(s, ctx), MINUTE, ctx.graceMs);
}
