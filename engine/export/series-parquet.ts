import { parquetWriteBuffer } from 'hyparquet-writer';
import { invalid } from '../alerts/option-checks.ts';
import {
  exportedLength,
  sampleCount,
  type MetricSeries,
  type SeriesExportOptions,
} from './series-csv.ts';

/**
 * Metric series in long format as a Parquet file (the same rows and order as `seriesCsv`):
 * `metric` and `series` (UTF-8 strings), `time` (timestamp, ms, UTC), `time_ms` (INT64) and
 * `value` (DOUBLE, null for NaN); with `until`, samples stamped after the replay time are left
 * out, as in `seriesCsv`. Written in memory with hyparquet-writer (pure JS, so the app can
 * offer it as a download too); snappy-compressed.
 */
export function seriesParquet(
  metrics: readonly MetricSeries[],
  options: SeriesExportOptions = {},
): Uint8Array {
  const n = sampleCount(metrics, options);
  const metric: string[] = new Array<string>(n);
  const label: string[] = new Array<string>(n);
  const timeMs = new BigInt64Array(n);
  const time: number[] = new Array<number>(n);
  const value: (number | null)[] = new Array<number | null>(n);
  let row = 0;
  for (const m of metrics) {
    for (const s of m.series) {
      const length = exportedLength(s, options);
      for (let i = 0; i < length; i++) {
        const t = s.times[i]!;
        if (!Number.isInteger(t)) invalid(`${m.id} ${s.label} time`, t, 'must be whole ms');
        const v = s.values[i]!;
        metric[row] = m.id;
        label[row] = s.label;
        time[row] = t;
        timeMs[row] = BigInt(t);
        value[row] = Number.isNaN(v) ? null : v;
        row++;
      }
    }
  }
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'metric', data: metric, type: 'STRING', nullable: false },
      { name: 'series', data: label, type: 'STRING', nullable: false },
      { name: 'time', data: time, type: 'TIMESTAMP', nullable: false },
      { name: 'time_ms', data: timeMs, type: 'INT64', nullable: false },
      { name: 'value', data: value, type: 'DOUBLE' },
    ],
  });
  return new Uint8Array(buffer);
}
