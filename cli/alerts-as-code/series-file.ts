import { readFile, stat } from 'node:fs/promises';
import { parseSeriesFile, type SeriesSamples } from '../../engine/index.ts';
import { readSinkFolder } from '../flink/flink-output.ts';

export { metricSeriesOf, seriesSpan } from '../../engine/index.ts';
export type { SeriesSamples, SeriesSpan } from '../../engine/index.ts';

/**
 * Reads a series file in Tapedeck's long form (`metric, series, time, time_ms, value`, as
 * `tapedeck export series` and `tapedeck flink run` write it): CSV with a header, or Parquet
 * (`parseSeriesFile`, which the app uses too); or the folder a Flink file-system sink wrote
 * with the exported SQL (CSV part files `metric,series,time_ms,value`). An empty value (NULL)
 * is NaN, no value.
 */
export async function readSeriesFile(path: string): Promise<SeriesSamples> {
  if ((await stat(path)).isDirectory()) {
    const samples: SeriesSamples = new Map();
    for (const r of await readSinkFolder(path)) {
      if (!Number.isFinite(r.timeMs))
        throw new Error(
          `series file ${path}: invalid time_ms ${r.timeMs} (${r.metric} ${r.series})`,
        );
      let series = samples.get(r.metric);
      if (!series) samples.set(r.metric, (series = new Map()));
      let s = series.get(r.series);
      if (!s) series.set(r.series, (s = []));
      s.push([r.timeMs, r.value]);
    }
    return samples;
  }
  return parseSeriesFile(await readFile(path), path);
}
