import { backtestTable } from './backtest-table.ts';
import { applyOutcome, replayOutcome } from './replay-outcome.ts';
import { minRecallMessage } from './run-backtest.ts';
import { runSeriesBacktest } from './series-backtest.ts';

/** The `tapedeck backtest` flags a series backtest reads. */
export interface SeriesBacktestFlags {
  recording?: string;
  series?: string;
  start?: string;
  labels?: string;
  workbook?: string;
  json?: boolean;
  minRecall?: number;
  at?: string;
  allowIncomplete?: boolean;
  maxMalformed?: number;
}

/** An ISO time with a zone, or ms since epoch; throws naming the option. */
export function parseInstant(text: string, option: string): number {
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms) || !(/^\d+$/.test(text) || /(Z|[+-]\d\d:?\d\d)$/.test(text))) {
    throw new Error(`invalid ${option}: ${text} (want an ISO time with a zone, or ms since epoch)`);
  }
  return ms;
}

/**
 * `tapedeck backtest --series F`: the alert rules evaluated and scored on precomputed series
 * (see `runSeriesBacktest`), printed and exiting as a recording's backtest does.
 */
export async function seriesBacktestCommand(flags: SeriesBacktestFlags): Promise<void> {
  try {
    if ((flags.series === undefined) === (flags.recording === undefined)) {
      throw new Error('give exactly one of --recording and --series');
    }
    if (flags.start !== undefined && flags.series === undefined) {
      throw new Error('--start applies to --series only');
    }
    const report = await runSeriesBacktest({
      series: flags.series!,
      ...(flags.labels === undefined ? {} : { labels: flags.labels }),
      ...(flags.workbook === undefined ? {} : { workbook: flags.workbook }),
      ...(flags.at === undefined ? {} : { at: parseInstant(flags.at, '--at') }),
      ...(flags.start === undefined ? {} : { start: parseInstant(flags.start, '--start') }),
      ...(flags.minRecall === undefined ? {} : { minRecall: flags.minRecall }),
    });
    process.stdout.write(
      flags.json === true ? `${JSON.stringify(report, null, 2)}\n` : backtestTable(report),
    );
    applyOutcome(
      replayOutcome({
        accounting: report,
        incomplete: report.incomplete,
        allowIncomplete: flags.allowIncomplete === true,
        recallFailure: minRecallMessage(report),
      }),
    );
  } catch (error) {
    console.error(`tapedeck: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
