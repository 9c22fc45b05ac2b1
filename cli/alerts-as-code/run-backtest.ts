import type { ProgressFn } from '../../engine/index.ts';
import { backtestReport, type BacktestReport } from './backtest-report.ts';
import { openHeadlessReplay, type HeadlessReplay } from './headless-replay.ts';
import { readReplayInputs, type ReplayInputs } from './replay-inputs.ts';
import { explainIncidents, type BacktestExplanations } from '../explain/incident-explanations.ts';

/** What `tapedeck backtest` is asked. */
export interface BacktestOptions {
  recording: string;
  labels?: string;
  workbook?: string;
  at?: string;
  minRecall?: number;
  onProgress?: ProgressFn;
}

/**
 * Replays a recording headless with a workbook and backtests every alert rule over it (see
 * `backtestReport`). Throws, naming the file or option, on bad input.
 */
export async function runBacktest(
  options: BacktestOptions,
): Promise<BacktestReport & BacktestExplanations> {
  const inputs = await readReplayInputs(options);
  const replay = await openHeadlessReplay(inputs, {
    ...(options.at === undefined ? {} : { at: options.at }),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  try {
    const report = await backtestReplay(replay, inputs, options.minRecall);
    return { ...report, ...(await explainIncidents(replay)) };
  } finally {
    replay.close();
  }
}

/** The backtest of a replay already open (`inputs` name its files in the report). */
export async function backtestReplay(
  replay: HeadlessReplay,
  inputs: ReplayInputs,
  minRecall?: number,
): Promise<BacktestReport> {
  const results = await replay.engine.alerts(replay.time);
  return backtestReport({
    recording: inputs.recordingPath,
    labels: inputs.labelsPath,
    workbookName: inputs.workbookPath ?? `${replay.workbookName} (bundled)`,
    workbook: replay.workbook.workbook,
    results,
    incidents: replay.workbook.incidents,
    unavailable: replay.workbook.unavailable,
    span: { start: replay.source.start, end: replay.time },
    accounting: replay.accounting,
    ...(minRecall === undefined ? {} : { minRecall }),
  });
}

/** The message `--min-recall` fails with, naming each rule below it and its recall. */
export function minRecallMessage(report: BacktestReport): string | null {
  if (report.belowMinRecall.length === 0) return null;
  const rules = report.rules
    .filter((r) => report.belowMinRecall.includes(r.id))
    .map((r) => {
      const s = r.score;
      const why = r.error === null ? '' : ` (error: ${r.error})`;
      return `${r.id} ${s.detected}/${s.incidents} = ${(s.recall ?? 0).toFixed(2)}${why}`;
    });
  return `recall below --min-recall ${report.minRecall}: ${rules.join('; ')}`;
}
