import type { Series } from '../contract.ts';

/** The metric series to export: a metric id and its series (as in `MetricFrame`). */
export interface MetricSeries {
  id: string;
  series: readonly Series[];
}

/** Columns of the long format both series exports share, in order. */
export const SERIES_EXPORT_COLUMNS = ['metric', 'series', 'time', 'time_ms', 'value'] as const;

/** A CSV field, quoted (RFC 4180) when it holds a comma, a quote, a line break or edge spaces. */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** What the series exports write. */
export interface SeriesExportOptions {
  /**
   * The replay time the series are as of: samples stamped after it are left out. A frame's
   * windowed series end with the open window, its partial value stamped at the window's end,
   * after the replay time; an export holds finished windows only. Default: every sample.
   */
  until?: number;
}

/** How many leading samples of `s` an export writes: those stamped at or before `until`. */
export function exportedLength(s: Series, options: SeriesExportOptions = {}): number {
  const { until } = options;
  if (until === undefined) return s.times.length;
  let n = s.times.length;
  while (n > 0 && !(s.times[n - 1]! <= until)) n--;
  return n;
}

/** Total number of samples written, for sizing. */
export function sampleCount(
  metrics: readonly MetricSeries[],
  options: SeriesExportOptions = {},
): number {
  let n = 0;
  for (const m of metrics) for (const s of m.series) n += exportedLength(s, options);
  return n;
}

/**
 * Metric series in long format, one sample per line: `metric,series,time,time_ms,value` with a
 * header; `time` is ISO 8601 UTC, `time_ms` ms since epoch, `value` the shortest round-trip
 * decimal, empty for NaN (no value). Rows come by metric, then series, then time, as given.
 * With `until` (the replay time), samples stamped after it — an open window's partial value —
 * are left out. Lines end with `\n`.
 */
export function seriesCsv(
  metrics: readonly MetricSeries[],
  options: SeriesExportOptions = {},
): string {
  const lines: string[] = [SERIES_EXPORT_COLUMNS.join(',')];
  for (const metric of metrics) {
    const id = csvField(metric.id);
    for (const s of metric.series) {
      const prefix = `${id},${csvField(s.label)},`;
      const n = exportedLength(s, options);
      for (let i = 0; i < n; i++) {
        const t = s.times[i]!;
        const v = s.values[i]!;
        lines.push(
          `${prefix}${new Date(t).toISOString()},${t},${Number.isNaN(v) ? '' : String(v)}`,
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
