import { readFile, readdir } from 'node:fs/promises';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { seriesCsv } from '../../engine/node.ts';
import { csvFields } from '../../engine/index.ts';

/** A metric's series as the series exports take them. */
export type MetricSeries = Parameters<typeof seriesCsv>[0][number];

/** One row of the series sink as Flink's CSV format writes it: `metric,series,time_ms,value`. */
export interface SeriesRow {
  metric: string;
  series: string;
  timeMs: number;
  value: number;
}

export { csvFields };

/**
 * The rows in the committed part files of a file-system sink folder (Flink leaves uncommitted
 * ones hidden, starting with `.`). An empty value (SQL NULL) is NaN, as is `NaN`.
 */
export async function readSinkFolder(dir: string): Promise<SeriesRow[]> {
  const rows: SeriesRow[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return rows; // no window produced a row
  }
  for (const name of names.filter((n) => !n.startsWith('.')).sort()) {
    const text = await readFile(join(dir, name), 'utf8');
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const [metric, series, time, value] = csvFields(line);
      if (metric === undefined || series === undefined || time === undefined) {
        throw new Error(`unexpected line in Flink output ${name}: ${line}`);
      }
      rows.push({
        metric,
        series,
        timeMs: Number(time),
        value: value === undefined || value === '' ? NaN : Number(value),
      });
    }
  }
  return rows;
}

/** Rows as metric series: metrics in `order` (then any other), series by label, samples by time. */
export function rowsToSeries(rows: readonly SeriesRow[], order: readonly string[]): MetricSeries[] {
  const byMetric = new Map<string, Map<string, [number, number][]>>();
  for (const r of rows) {
    let series = byMetric.get(r.metric);
    if (!series) byMetric.set(r.metric, (series = new Map()));
    let samples = series.get(r.series);
    if (!samples) series.set(r.series, (samples = []));
    samples.push([r.timeMs, r.value]);
  }
  const ids = [
    ...order.filter((id) => byMetric.has(id)),
    ...[...byMetric.keys()].filter((id) => !order.includes(id)).sort(),
  ];
  return ids.map((id) => ({
    id,
    series: [...byMetric.get(id)!]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([label, samples]) => {
        samples.sort((a, b) => a[0] - b[0]);
        return {
          label,
          times: Float64Array.from(samples, (s) => s[0]),
          values: Float64Array.from(samples, (s) => s[1]),
        };
      }),
  }));
}

/**
 * Rows the sink has written so far, committed or not (in-progress files start with `.`): a
 * progress figure while the job runs.
 */
export function rowsWrittenSoFar(dir: string): number {
  let rows = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    try {
      const text = readFileSync(join(dir, name), 'utf8');
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) rows++;
    } catch {
      // renamed on commit between listing and reading
    }
  }
  return rows;
}
