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

/** Total number of samples, for sizing. */
export function sampleCount(metrics: readonly MetricSeries[]): number {
  let n = 0;
  for (const m of metrics) for (const s of m.series) n += s.times.length;
  return n;
}

/**
 * Metric series in long format, one sample per line: `metric,series,time,time_ms,value` with a
 * header; `time` is ISO 8601 UTC, `time_ms` ms since epoch, `value` the shortest round-trip
 * decimal, empty for NaN (no value). Rows come by metric, then series, then time, as given.
 * Lines end with `\n`.
 */
export function seriesCsv(metrics: readonly MetricSeries[]): string {
  const lines: string[] = [SERIES_EXPORT_COLUMNS.join(',')];
  for (const metric of metrics) {
    const id = csvField(metric.id);
    for (const s of metric.series) {
      const prefix = `${id},${csvField(s.label)},`;
      for (let i = 0; i < s.times.length; i++) {
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
