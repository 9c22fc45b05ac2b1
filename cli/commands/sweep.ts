import { InvalidArgumentError, type Command } from 'commander';
import type { ParamRange, SweepGoal } from '../../engine/index.ts';
import { stderrProgress } from '../alerts-as-code/headless-replay.ts';
import { addOutcomeOptions, applyOutcome } from '../alerts-as-code/replay-outcome.ts';
import { runSearch, searchTable } from '../sweep/run-search.ts';
import { runSweep, sweepOutcome } from '../sweep/run-sweep.ts';
import {
  DEFAULT_GOAL_TEXT,
  parseForValues,
  parseGoal,
  parseParamSpec,
  parseSweepValues,
  seriesSpanOptions,
} from '../sweep/sweep-options.ts';
import { sweepTable } from '../sweep/sweep-table.ts';

interface SweepFlags {
  recording?: string[];
  holdout?: string[];
  series?: string[];
  holdoutSeries?: string[];
  start?: string[];
  at?: string[];
  workbook?: string;
  rule: string;
  values?: number[];
  for?: number[];
  goal?: SweepGoal;
  json?: boolean;
  param?: ParamRange[];
  search: 'grid' | 'random';
  budget?: number;
  seed: number;
  allowIncomplete?: boolean;
  maxMalformed?: number;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];
const collectParam = (value: string, previous: ParamRange[] | undefined) => {
  const range = parseParamSpec(value);
  if (previous?.some((p) => p.name === range.name)) {
    throw new InvalidArgumentError(`${range.name} is given twice`);
  }
  return [...(previous ?? []), range];
};
const whole = (min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new InvalidArgumentError(`expected a whole number ≥ ${min}`);
  return n;
};

/**
 * `tapedeck sweep --recording R [--recording R2 …] --rule ID [--holdout R3 …] [--json]`: sweeps
 * one threshold rule of a workbook over several recordings (each replayed headless to its last
 * record, with its labels beside it, as `backtest` does), recommends the middle of the widest
 * safe range of the pooled training scores with its margin, and scores that threshold on the
 * held-out recordings. Prints a table, or with `--json` one `tapedeck-sweep/1` document (see
 * `SweepReport` in cli/sweep/sweep-report.ts). Exit codes as `backtest`: 1 bad input, 3 a
 * recording left out because the rule or its metric could not be computed there (unless
 * `--allow-incomplete`), 4 more malformed lines than `--max-malformed`.
 */
export function registerSweepCommand(program: Command): void {
  const command = program
    .command('sweep')
    .description(
      'Sweep a threshold rule over several recordings, recommend the middle of the widest safe range with its margin, and score it on held-out recordings',
    )
    .option(
      '--recording <file>',
      'a recording to choose the threshold on (kcat -C -J NDJSON, plain or .gz; labels from <name>.labels.json beside it); repeat for several',
      collect,
    )
    .requiredOption('--rule <id>', 'the workbook threshold rule to sweep')
    .option(
      '--holdout <file>',
      'a recording to test the recommended threshold on, not used to choose it; repeat for several',
      collect,
    )
    .option(
      '--series <file>',
      'instead of a recording: metric series to choose on (export series or flink run, .csv or .parquet; labels from <name>.labels.json beside it); repeat for several',
      collect,
    )
    .option(
      '--holdout-series <file>',
      'metric series to test the recommended threshold on; repeat for several',
      collect,
    )
    .option(
      '--start <time>',
      'with series files: start of the span they cover, an ISO time with a zone or ms since epoch (default: their first window start); once for all, or once per series file (--series, then --holdout-series)',
      collect,
    )
    .option(
      '--at <time>',
      'with series files: evaluate up to this time, an ISO time with a zone, ms since epoch or +offset from the start (+2h) (default: the last sample); once for all, or once per series file',
      collect,
    )
    .option('--workbook <file>', 'workbook, YAML or JSON (default: the bundled kitchen workbook)')
    .option(
      '--values <spec>',
      'thresholds to try: from:to:steps (0:0.5:51) or a comma list (0.05,0.1,0.2); default 150 values from the lowest to the highest value of the metric on the --recording files',
      parseSweepValues,
    )
    .option(
      '--for <list>',
      "for values to try, a comma list of durations (0,1m,3m); default the rule's own",
      parseForValues,
    )
    .option(
      '--goal <spec>',
      `what to maximize, recall or precision, then limits max-false-per-week=N, min-recall=X, min-precision=X (default: ${DEFAULT_GOAL_TEXT})`,
      parseGoal,
    )
    .option(
      '--param <spec>',
      'search any numeric parameter of a threshold or anomaly rule instead: NAME=FROM:TO:STEP or NAME=v1,v2,… (value, for, keep_firing_for, k, clear_k, window, min_std, min_deviation, min_relative_deviation, warm_up, seasonal.periods, seasonal.period); repeat for several',
      collectParam,
    )
    .option('--search <kind>', 'with --param: grid (every combination) or random', 'grid')
    .option('--budget <n>', 'with --search random: how many candidates to draw', whole(1))
    .option('--seed <n>', 'with --search random: the seed of the draw', whole(0), 1)
    .option(
      '--json',
      'print one JSON document (format tapedeck-sweep/1, or tapedeck-sweep-params/1 with --param) instead of a table',
    );
  addOutcomeOptions(command).action(async (flags: SweepFlags) => {
    const goal = flags.goal ?? parseGoal(DEFAULT_GOAL_TEXT);
    const outcome = (sources: Parameters<typeof sweepOutcome>[0]) =>
      applyOutcome(
        sweepOutcome(sources, {
          ...(flags.allowIncomplete === undefined
            ? {}
            : { allowIncomplete: flags.allowIncomplete }),
          ...(flags.maxMalformed === undefined ? {} : { maxMalformed: flags.maxMalformed }),
        }),
      );
    const seriesSpans = seriesSpanOptions(
      [...(flags.series ?? []), ...(flags.holdoutSeries ?? [])],
      flags.start,
      flags.at,
    );
    const loading = {
      recordings: [...(flags.recording ?? []), ...(flags.series ?? [])],
      holdouts: [...(flags.holdout ?? []), ...(flags.holdoutSeries ?? [])],
      rule: flags.rule,
      seriesSpans,
      ...(flags.workbook === undefined ? {} : { workbook: flags.workbook }),
      onRecording: (file: string, role: string, i: number, count: number) =>
        process.stderr.write(
          `${role === 'train' ? 'train' : 'held out'} ${i + 1}/${count}: ${file}\n`,
        ),
      onProgress: stderrProgress(),
    };
    if (flags.param !== undefined) {
      if (flags.values !== undefined || flags.for !== undefined) {
        throw new Error(
          '--values and --for sweep a threshold; with --param give value=… and for=… instead',
        );
      }
      if (flags.search !== 'grid' && flags.search !== 'random') {
        throw new Error(`invalid --search ${flags.search}: expected grid or random`);
      }
      if (flags.search === 'random' && flags.budget === undefined) {
        throw new Error('--search random needs --budget N: how many candidates to draw');
      }
      const { report, sources } = await runSearch({
        ...loading,
        ranges: flags.param,
        plan:
          flags.search === 'random'
            ? { kind: 'random', budget: flags.budget!, seed: flags.seed }
            : { kind: 'grid' },
        goal,
      });
      process.stdout.write(
        flags.json === true ? `${JSON.stringify(report, null, 2)}\n` : searchTable(report),
      );
      outcome(sources);
      return;
    }
    const { report, sources } = await runSweep({
      // A series file is told from a recording by its extension (see `isSeriesFile`).
      recordings: [...(flags.recording ?? []), ...(flags.series ?? [])],
      holdouts: [...(flags.holdout ?? []), ...(flags.holdoutSeries ?? [])],
      rule: flags.rule,
      seriesSpans,
      goal,
      ...(flags.workbook === undefined ? {} : { workbook: flags.workbook }),
      ...(flags.values === undefined ? {} : { values: flags.values }),
      ...(flags.for === undefined ? {} : { forValues: flags.for }),
      onRecording: (file, role, i, count) =>
        process.stderr.write(
          `${role === 'train' ? 'train' : 'held out'} ${i + 1}/${count}: ${file}\n`,
        ),
      onProgress: stderrProgress(),
    });
    process.stdout.write(
      flags.json === true ? `${JSON.stringify(report, null, 2)}\n` : sweepTable(report),
    );
    applyOutcome(
      sweepOutcome(sources, {
        ...(flags.allowIncomplete === undefined ? {} : { allowIncomplete: flags.allowIncomplete }),
        ...(flags.maxMalformed === undefined ? {} : { maxMalformed: flags.maxMalformed }),
      }),
    );
  });
}
