import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MetricFrame, ProgressFn } from '../../engine/index.ts';
import {
  seriesCsv,
  seriesParquet,
  workbookToPrometheus,
  type WorkbookPrometheusExport,
} from '../../engine/node.ts';
import { openHeadlessReplay, type HeadlessReplay } from './headless-replay.ts';
import type { InputAccounting } from './input-accounting.ts';
import { readReplayInputs } from './replay-inputs.ts';
import { incompleteItems, type IncompleteItem } from './replay-outcome.ts';

/** The inputs every export reads. */
export interface ExportSourceOptions {
  recording: string;
  labels?: string;
  workbook?: string;
  at?: string;
  onProgress?: ProgressFn;
}

async function withReplay<T>(
  options: ExportSourceOptions,
  work: (replay: HeadlessReplay) => Promise<T>,
): Promise<T> {
  const inputs = await readReplayInputs(options);
  const replay = await openHeadlessReplay(inputs, {
    ...(options.at === undefined ? {} : { at: options.at }),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  try {
    return await work(replay);
  } finally {
    replay.close();
  }
}

/** What every export reports besides its files: the input's lines, and what was not computed. */
export interface ExportCheck {
  accounting: InputAccounting;
  /** what the exported files lack: see `incompleteItems` */
  incomplete: IncompleteItem[];
}

/** What `export prometheus` wrote. */
export interface PrometheusExportResult extends WorkbookPrometheusExport, ExportCheck {
  rulesPath: string;
  testsPath: string;
}

/**
 * Exports the workbook's alert rules to `<out>/rules.yml` with a promtool test built from the
 * replay in `<out>/rules.test.yml` (see `workbookToPrometheus`); creates `out` if needed.
 * `incomplete` lists the rules the engine could not evaluate (as `backtest` does) and the
 * metrics and SLIs not computed; the files are written all the same.
 */
export function exportPrometheus(
  options: ExportSourceOptions & { out: string; maxEvalTimes?: number },
): Promise<PrometheusExportResult> {
  return withReplay(options, (replay) => writePrometheusExport(replay, options));
}

/** `exportPrometheus` of a replay already open. */
export async function writePrometheusExport(
  replay: HeadlessReplay,
  options: { recording: string; workbook?: string; out: string; maxEvalTimes?: number },
): Promise<PrometheusExportResult> {
  const frame = await replay.engine.frame(replay.time);
  const result = workbookToPrometheus(
    replay.workbook.workbook,
    { metrics: frame.metrics, slis: frame.slis ?? [] },
    {
      until: replay.time,
      source: `workbook ${options.workbook ?? `${replay.workbookName} (bundled)`} over ${path.basename(options.recording)}`,
      ...(options.maxEvalTimes === undefined ? {} : { maxEvalTimes: options.maxEvalTimes }),
    },
  );
  const rulesPath = path.join(options.out, 'rules.yml');
  const testsPath = path.join(options.out, 'rules.test.yml');
  try {
    await mkdir(options.out, { recursive: true });
    await writeFile(rulesPath, result.rules);
    await writeFile(testsPath, result.tests);
  } catch (err) {
    throw new Error(`cannot write to --out ${options.out}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const rules = await replay.engine.alerts(replay.time);
  const incomplete = incompleteItems({
    workbook: replay.workbook.workbook,
    unavailable: replay.workbook.unavailable,
    rules,
    accounting: replay.accounting,
  });
  return { ...result, rulesPath, testsPath, accounting: replay.accounting, incomplete };
}

export type SeriesFormat = 'csv' | 'parquet';

/**
 * Picks metrics by id (all when `ids` is undefined). An id of the workbook that this source
 * cannot compute (in `unavailable`) is left out, to be reported as incomplete; any other
 * unknown id throws, naming it and the metrics this source computes.
 */
export function pickMetrics(
  metrics: readonly MetricFrame[],
  ids?: readonly string[],
  unavailable: readonly { id: string }[] = [],
): MetricFrame[] {
  if (ids === undefined) return [...metrics];
  const known = metrics.map((m) => m.id);
  return ids.flatMap((id) => {
    const found = metrics.find((m) => m.id === id);
    if (found) return [found];
    if (unavailable.some((u) => u.id === id)) return [];
    throw new Error(
      `unknown metric id "${id}" in --metrics: this recording computes ${known.join(', ') || 'no metrics'}`,
    );
  });
}

/** What `export series` wrote. */
export interface SeriesExportResult extends ExportCheck {
  samples: number;
  metrics: number;
}

/**
 * Writes the metric (and SLI) series as of the replay time to `out` in long format (see `seriesCsv`,
 * `seriesParquet`): finished windows only, no sample stamped after the replay time. Resolves to
 * the number of samples and metrics written; `incomplete` lists the metrics and SLIs asked for
 * (all by default) that this source cannot compute.
 */
export function exportSeries(
  options: ExportSourceOptions & { out: string; format: SeriesFormat; metrics?: string[] },
): Promise<SeriesExportResult> {
  return withReplay(options, (replay) => writeSeriesExport(replay, options));
}

/** `exportSeries` of a replay already open. */
export async function writeSeriesExport(
  replay: HeadlessReplay,
  options: { out: string; format: SeriesFormat; metrics?: string[] },
): Promise<SeriesExportResult> {
  const frame = await replay.engine.frame(replay.time);
  // SLIs export as metrics too: their per-minute bad fraction, one series each.
  const all: MetricFrame[] = [
    ...frame.metrics,
    ...(frame.slis ?? []).map((s) => ({ id: s.id, series: [s.minutes], late: s.late })),
  ];
  const { unavailable } = replay.workbook;
  const metrics = pickMetrics(all, options.metrics, unavailable);
  // As of the replay time: a window still open (its partial value stamped at its end) is left out.
  const asOf = { until: replay.time };
  const bytes = options.format === 'csv' ? seriesCsv(metrics, asOf) : seriesParquet(metrics, asOf);
  try {
    await mkdir(path.dirname(path.resolve(options.out)), { recursive: true });
    await writeFile(options.out, bytes);
  } catch (err) {
    throw new Error(`cannot write --out ${options.out}: ${(err as Error).message}`, { cause: err });
  }
  const samples = metrics.reduce(
    (n, m) => n + m.series.reduce((k, s) => k + s.times.filter((t) => t <= asOf.until).length, 0),
    0,
  );
  const incomplete = incompleteItems({
    workbook: replay.workbook.workbook,
    unavailable,
    accounting: replay.accounting,
    ...(options.metrics === undefined ? {} : { only: options.metrics }),
  });
  return { samples, metrics: metrics.length, accounting: replay.accounting, incomplete };
}
