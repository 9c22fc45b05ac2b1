import { parquetReadObjects } from 'hyparquet';
import type { MetricDef, Series, Workbook } from '../contract.ts';
import { metricStepMs } from '../workbook/compile-metric.ts';

/**
 * Series files in Tapedeck's long form (`metric, series, time_ms, value`, as `tapedeck export
 * series` and `tapedeck flink run` write them), read into the series a replay's frame holds:
 * shared by the CLI's `--series` and the app's opening of a series file.
 */

/** A series file's samples: metric id → series label → `[time_ms, value]`, as read. */
export type SeriesSamples = Map<string, Map<string, [number, number][]>>;

/** The span the series cover: `[start, end]`, the replay time at `end`. */
export interface SeriesSpan {
  start: number;
  end: number;
}

/** Splits one CSV line (RFC 4180 quoting, as Flink's CSV format and `export series` write it). */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let text = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          text += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else text += line[i++];
      }
      fields.push(text);
      i++; // the comma
    } else {
      const end = line.indexOf(',', i);
      const stop = end < 0 ? line.length : end;
      fields.push(line.slice(i, stop));
      i = stop + 1;
    }
  }
  return fields;
}

/** Whether `bytes` are a Parquet file (it starts with the magic `PAR1`). */
export function isParquet(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31;
}

/**
 * Reads a series file from its bytes: Parquet (told by its magic) or CSV with a header. An empty
 * value (NULL) is NaN, no value. Throws naming the file (`name`) and what is wrong.
 */
export async function parseSeriesFile(bytes: Uint8Array, name: string): Promise<SeriesSamples> {
  const samples: SeriesSamples = new Map();
  const add = (metric: string, label: string, t: number, v: number) => {
    if (!Number.isFinite(t))
      throw new Error(`series file ${name}: invalid time_ms ${t} (${metric} ${label})`);
    let series = samples.get(metric);
    if (!series) samples.set(metric, (series = new Map()));
    let s = series.get(label);
    if (!s) series.set(label, (s = []));
    s.push([t, v]);
  };
  if (isParquet(bytes)) {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    let rows: { metric: string; series: string; time_ms: bigint | number; value: number | null }[];
    try {
      rows = (await parquetReadObjects({
        file: buffer as ArrayBuffer,
        columns: ['metric', 'series', 'time_ms', 'value'],
      })) as typeof rows;
    } catch (err) {
      throw new Error(
        `series file ${name}: not a Parquet file of metric, series, time_ms, value (${(err as Error).message})`,
        { cause: err },
      );
    }
    for (const r of rows) add(r.metric, r.series, Number(r.time_ms), r.value ?? NaN);
    return samples;
  }
  const lines = new TextDecoder().decode(bytes).split('\n');
  const header = csvFields(lines[0]?.replace(/\r$/, '').replace(/^\uFEFF/, '') ?? '');
  const col = (column: string) => {
    const i = header.indexOf(column);
    if (i < 0)
      throw new Error(
        `series file ${name}: no "${column}" column in its header (want metric, series, time_ms, value)`,
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

const MINUTE = 60_000;

/**
 * An SLI's minute series on the minute grid, as the engine lays it: every whole minute of the
 * span, NaN (no data) where the file has no row (Flink writes none for a minute without
 * records); a first minute the span covers only in part keeps its row if it has one.
 */
export function sliMinutes(label: string, samples: [number, number][], span: SeriesSpan): Series {
  const known = new Map(samples.filter(([t]) => t <= span.end));
  const grid: number[] = [];
  for (let t = Math.ceil(span.start / MINUTE) * MINUTE + MINUTE; t <= span.end; t += MINUTE) {
    grid.push(t);
  }
  const times = [...new Set([...grid, ...known.keys()])].sort((a, b) => a - b);
  return {
    label,
    times: Float64Array.from(times),
    values: Float64Array.from(times, (t) => known.get(t) ?? NaN),
  };
}
