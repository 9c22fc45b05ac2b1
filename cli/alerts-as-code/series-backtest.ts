import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseLabels, type Incident } from '../../formats/index.ts';
import {
  KITCHEN_WORKBOOK,
  evaluateWorkbookAlerts,
  mergeIncidents,
  parseWorkbook,
  sliMinutes,
  type AlertInputs,
  type Series,
  type Workbook,
} from '../../engine/index.ts';
import { backtestReport, type BacktestReport } from './backtest-report.ts';
import type { InputAccounting } from './input-accounting.ts';
import {
  metricSeriesOf,
  readSeriesFile,
  seriesSpan,
  type SeriesSamples,
  type SeriesSpan,
} from './series-file.ts';

/** A series file read as alert inputs under a workbook. */
export interface SeriesSource {
  workbook: Workbook;
  workbookName: string;
  inputs: AlertInputs;
  /** metrics and SLIs of the workbook the file has no series for */
  unavailable: { id: string; reason: string }[];
  incidents: Incident[];
  labelsPath: string | null;
  span: SeriesSpan;
}

/** `series.csv` → `series.labels.json` (the extension replaced, as for recordings). */
export function seriesLabelsPath(file: string): string {
  return file.replace(/\.(csv|parquet)$/, '') + '.labels.json';
}

/** No lines: a series file is not a recording. */
export const NO_RECORDING: InputAccounting = {
  lines: 0,
  records: 0,
  malformedLines: 0,
  blankLines: 0,
  malformed: [],
  excludedRecords: 0,
  faults: [],
  faultCount: 0,
};

/**
 * Reads a series file (`tapedeck export series` or `tapedeck flink run`), its labels and a
 * workbook: each workbook metric's series on its full grid (`metricSeriesOf`), each SLI's
 * minute series as written. `start`/`at` fix the span (default: the file's first window's
 * start and its last sample).
 */
export async function readSeriesSource(options: {
  series: string;
  labels?: string;
  workbook?: string;
  start?: number;
  /** the span's end: a time, or an offset from its start (`--at +2h`) */
  at?: number | { afterStartMs: number };
}): Promise<SeriesSource> {
  const workbookName =
    options.workbook === undefined ? `${KITCHEN_WORKBOOK.name} (bundled)` : options.workbook;
  const workbook =
    options.workbook === undefined
      ? parseWorkbook(KITCHEN_WORKBOOK.text, KITCHEN_WORKBOOK.name)
      : parseWorkbook(await readFile(options.workbook, 'utf8'), path.basename(options.workbook));
  let samples: SeriesSamples;
  try {
    samples = await readSeriesFile(options.series);
  } catch (error) {
    throw new Error(`cannot read --series ${options.series}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const given = seriesSpan(workbook, samples, {
    ...(options.start === undefined ? {} : { start: options.start }),
  });
  const span =
    options.at === undefined
      ? given
      : {
          start: given.start,
          end: typeof options.at === 'number' ? options.at : given.start + options.at.afterStartMs,
        };
  if (!(span.end > span.start)) {
    throw new Error(
      `invalid span of --series ${options.series}: its end ${new Date(span.end).toISOString()} is not after its start ${new Date(span.start).toISOString()}`,
    );
  }
  const unavailable: SeriesSource['unavailable'] = [];
  const metrics: AlertInputs['metrics'][number][] = [];
  const slis: { id: string; minutes: Series }[] = [];
  for (const def of workbook.metrics) {
    const found = samples.get(def.id);
    if (found)
      metrics.push({
        id: def.id,
        series: metricSeriesOf(def, found, span),
      });
    else
      unavailable.push({ id: def.id, reason: `the series file has no series of metric ${def.id}` });
  }
  for (const sli of workbook.slis) {
    const found = samples.get(sli.id);
    const minutes = found ? [...found.values()][0] : undefined;
    if (!minutes) {
      unavailable.push({ id: sli.id, reason: `the series file has no series of SLI ${sli.id}` });
      continue;
    }
    slis.push({ id: sli.id, minutes: sliMinutes([...found!.keys()][0]!, minutes, span) });
  }
  const labelsPath =
    options.labels ??
    (existsSync(seriesLabelsPath(options.series)) ? seriesLabelsPath(options.series) : null);
  const labels =
    labelsPath === null ? [] : parseLabels(await readFile(labelsPath, 'utf8'), labelsPath);
  return {
    workbook,
    workbookName,
    inputs: { metrics, slis },
    unavailable,
    incidents: mergeIncidents(labels, workbook.incidents),
    labelsPath,
    span,
  };
}

/**
 * `tapedeck backtest --series F`: every alert rule evaluated on the series alone (the pure
 * evaluation `engine.alerts()` runs on a replay's frame) and scored against the labels.
 */
export async function runSeriesBacktest(options: {
  series: string;
  labels?: string;
  workbook?: string;
  start?: number;
  at?: number;
  minRecall?: number;
}): Promise<BacktestReport> {
  const source = await readSeriesSource(options);
  const results = evaluateWorkbookAlerts(source.workbook, source.inputs, {
    until: source.span.end,
  });
  return backtestReport({
    recording: options.series,
    labels: source.labelsPath,
    workbookName: source.workbookName,
    workbook: source.workbook,
    results,
    incidents: source.incidents,
    unavailable: source.unavailable,
    span: source.span,
    accounting: NO_RECORDING,
    ...(options.minRecall === undefined ? {} : { minRecall: options.minRecall }),
  });
}
