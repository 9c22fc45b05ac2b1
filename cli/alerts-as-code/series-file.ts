import { readFile, stat } from 'node:fs/promises';
import { parquetReadObjects } from 'hyparquet';
import type { MetricDef, Series, Workbook } from '../../engine/index.ts';
import { metricStepMs } from '../../engine/index.ts';
import { csvFields, readSinkFolder } from '../flink/flink-output.ts';

/** A series file's samples: metric id → series label → `[time_ms, value]`, as read. */
export type SeriesSamples = Map<string, Map<string, [number, number][]>>;

/**
 * Reads a series file in Tapedeck's long form (`metric, series, time, time_ms, value`, as
 * `tapedeck export series` and `tapedeck flink run` write it): CSV with a header, or Parquet;
 * or the folder a Flink file-system sink wrote with the exported SQL (CSV part files
 * `metric,series,time_ms,value`). An empty value (NULL) is NaN, no value.
 */
export async function readSeriesFile(path: string): Promise<SeriesSamples> {
  const samples: SeriesSamples = new Map();
  const add = (metric: string, label: string, t: number, v: number) => {
    if (!Number.isFinite(t))
      throw new Error(`series file ${path}: invalid time_ms ${t} (${metric} ${label})`);
    let series = samples.get(metric);
    if (!series) samples.set(metric, (series = new Map()));
    let s = series.get(label);
    if (!s) series.set(label, (s = []));
    s.push([t, v]);
  };
  if ((await stat(path)).isDirectory()) {
    for (const r of await readSinkFolder(path)) add(r.metric, r.series, r.timeMs, r.value);
    return samples;
  }
  const bytes = await readFile(path);
  if (path.endsWith('.parquet')) {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const rows = (await parquetReadObjects({
      file: buffer,
      columns: ['metric', 'series', 'time_ms', 'value'],
    })) as {
      metric: string;
      series: string;
      time_ms: bigint | number;
      value: number | null;
    }[];
    for (const r of rows) add(r.metric, r.series, Number(r.time_ms), r.value ?? NaN);
    return samples;
  }
  const lines = bytes.toString('utf8').split('\n');
  const header = csvFields(lines[0]?.replace(/\r$/, '') ?? '');
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0)
      throw new Error(
        `series file ${path}: no "${name}" column in its header (want metric, series, time_ms, value)`,
      );
    return i;
  };
  const [m, s, t, v] = [col('metric'), col('series'), col('time_ms'), col('value')];
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n]!.replace(/\r$/, '');
    if (line === '') continue;
    const f = csvFields(line);
    const value = f[v] ?? '';
    add(f[m] ?? '', f[s] ?? '', Number(f[t]), value === '' ? NaN : Number(value));
  }
  return samples;
}

/** The span the series cover: `[start, end]`, the replay time at `end`. */
export interface SeriesSpan {
  start: number;
  end: number;
}

/** Whether a metric is sampled at instants (`every`) rather than at the ends of windows. */
function sampledAtInstants(def: MetricDef): boolean {
  return def.kind === 'state_duration' || (def.kind === 'sql' && def.window === null);
}

/** The first time on a metric's grid within a span starting at `start`, as the engine lays it. */
function firstGridTime(def: MetricDef, start: number): number {
  const step = metricStepMs(def);
  return sampledAtInstants(def)
    ? Math.ceil(start / step) * step
    : Math.floor(start / step) * step + step;
}

/**
 * The span of a series file under a workbook, unless given. Its end is the last sample. Its start
 * is the latest time every metric's first sample allows: a windowed metric's first window
 * starts at or before the source's start (its first sample less its step), an instant metric's
 * first instant is less than one interval after it. Exact for a file of `tapedeck export series`, whose metrics
 * all begin at the source's start; for a file with no row for an empty window (Flink) give the
 * span (`--start`, `--at`).
 */
export function seriesSpan(
  wb: Workbook,
  samples: SeriesSamples,
  given: { start?: number; end?: number },
): SeriesSpan {
  let start = -Infinity;
  let end = -Infinity;
  for (const [id, series] of samples) {
    const def = wb.metrics.find((d) => d.id === id);
    if (!def) continue; // an SLI's minutes
    // windowed: start ∈ [first − step, first); instants: start ∈ (first − every, first]
    const lead = sampledAtInstants(def) ? metricStepMs(def) - 1 : metricStepMs(def);
    let first = Infinity;
    for (const s of series.values()) {
      for (const [t] of s) {
        first = Math.min(first, t);
        end = Math.max(end, t);
      }
    }
    if (Number.isFinite(first)) start = Math.max(start, first - lead);
  }
  if (!Number.isFinite(start))
    throw new Error("the series file holds no samples of the workbook's metrics");
  return { start: given.start ?? start, end: given.end ?? end };
}

/**
 * A metric's series on its full grid, as the engine lays them: every label has a sample at each
 * step from the first grid time in the span to its end, a time without a row holding the
 * metric's `missing` value (0 for counts, else NaN). A file from `tapedeck export series` is so
 * already; one from Flink has no row for an empty window. Samples after the span are dropped.
 */
export function metricSeriesOf(
  def: MetricDef,
  bySeries: Map<string, [number, number][]>,
  span: SeriesSpan,
): Series[] {
  const step = metricStepMs(def);
  const grid: number[] = [];
  for (let t = firstGridTime(def, span.start); t <= span.end; t += step) grid.push(t);
  return [...bySeries]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([label, samples]) => {
      const known = new Map(samples.filter(([t]) => t <= span.end));
      const times = [...new Set([...grid, ...known.keys()])].sort((a, b) => a - b);
      return {
        label,
        times: Float64Array.from(times),
        values: Float64Array.from(times, (t) => known.get(t) ?? def.missing),
      };
    });
}
