import { InvalidArgumentError, type Command } from 'commander';
import { backtestTable } from '../alerts-as-code/backtest-table.ts';
import { stderrProgress } from '../alerts-as-code/headless-replay.ts';
import {
  addOutcomeOptions,
  applyOutcome,
  replayOutcome,
} from '../alerts-as-code/replay-outcome.ts';
import { minRecallMessage, runBacktest } from '../alerts-as-code/run-backtest.ts';
import { seriesBacktestCommand } from '../alerts-as-code/series-backtest-command.ts';
import { explanationTable } from '../explain/incident-explanations.ts';

interface BacktestFlags {
  recording: string;
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

/**
 * `tapedeck backtest --recording R [--workbook W] [--json] [--min-recall X]`: runs the engine
 * headless over a recording, evaluates every alert rule of the workbook up to the replay time
 * (`engine.alerts()`: the evaluation and grid the alert lab uses too) and scores it against the
 * incident labels (`ruleScoring`, as the lab does). Prints a table (or, with `--json`, one
 * `tapedeck-backtest/1` document: see `BacktestReport` in cli/alerts-as-code/backtest-report.ts);
 * exits 1 when a rule with incidents in scope has recall below `--min-recall`, so a CI pipeline
 * fails on lost recall.
 */
export function registerBacktestCommand(program: Command): void {
  const command = program
    .command('backtest')
    .description(
      "Replay a recording headless, evaluate every alert rule of a workbook and score each against the recording's incident labels",
    )
    .option('--recording <file>', 'recording file (kcat -C -J NDJSON, plain or .gz)')
    .option(
      '--series <file>',
      'instead of a recording: metric series (export series or flink run: .csv or .parquet)',
    )
    .option(
      '--start <time>',
      'with --series: start of the span the series cover (default: their first window start)',
    )
    .option(
      '--labels <file>',
      'incident labels (default: <name>.labels.json beside the recording or series file, when it exists)',
    )
    .option('--workbook <file>', 'workbook, YAML or JSON (default: the bundled kitchen workbook)')
    .option('--json', 'print one JSON document (format tapedeck-backtest/1) instead of a table')
    .option(
      '--min-recall <x>',
      'exit 1 when any rule with incidents in scope has recall below x (0–1)',
      parseRecall,
    )
    .option(
      '--at <time>',
      'evaluate up to this replay time: an ISO time with a zone, or +offset from the start (+2h); default the last record',
    );
  addOutcomeOptions(command).action(async (flags: BacktestFlags) => {
    if (flags.series !== undefined || flags.recording === undefined) {
      return seriesBacktestCommand(flags);
    }
    const report = await runBacktest({
      recording: flags.recording,
      ...(flags.labels === undefined ? {} : { labels: flags.labels }),
      ...(flags.workbook === undefined ? {} : { workbook: flags.workbook }),
      ...(flags.at === undefined ? {} : { at: flags.at }),
      ...(flags.minRecall === undefined ? {} : { minRecall: flags.minRecall }),
      onProgress: stderrProgress(),
    });
    process.stdout.write(
      flags.json === true
        ? `${JSON.stringify(report, null, 2)}\n`
        : backtestTable(report) + explanationTable(report),
    );
    applyOutcome(
      replayOutcome({
        accounting: report,
        incomplete: report.incomplete,
        allowIncomplete: flags.allowIncomplete === true,
        ...(flags.maxMalformed === undefined ? {} : { maxMalformed: flags.maxMalformed }),
        recallFailure: minRecallMessage(report),
      }),
    );
  });
}

function parseRecall(text: string): number {
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || x < 0) {
    throw new InvalidArgumentError('expected a number ≥ 0, e.g. 0.8 (recall is a share 0–1)');
  }
  return x;
}
