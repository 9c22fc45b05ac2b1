import { InvalidArgumentError, type Command } from 'commander';
import { stderrProgress } from '../alerts-as-code/headless-replay.ts';
import { accountingText } from '../alerts-as-code/input-accounting.ts';
import {
  addOutcomeOptions,
  applyOutcome,
  replayOutcome,
} from '../alerts-as-code/replay-outcome.ts';
import {
  exportPrometheus,
  exportSeries,
  type ExportCheck,
  type SeriesFormat,
} from '../alerts-as-code/run-export.ts';
import { registerFlinkExportCommand } from './flink.ts';

interface SourceFlags {
  recording: string;
  labels?: string;
  workbook?: string;
  at?: string;
  allowIncomplete?: boolean;
  maxMalformed?: number;
}

/**
 * The options every export shares: which replay, which workbook, up to when, and what makes it
 * fail (`--allow-incomplete`, `--max-malformed`).
 */
function addSourceOptions(command: Command): Command {
  return addOutcomeOptions(
    command
      .requiredOption('--recording <file>', 'recording file (kcat -C -J NDJSON, plain or .gz)')
      .option(
        '--labels <file>',
        'incident labels (default: <name>.labels.json beside the recording, when it exists)',
      )
      .option('--workbook <file>', 'workbook, YAML or JSON (default: the bundled kitchen workbook)')
      .option(
        '--at <time>',
        'replay up to this time: an ISO time with a zone, or +offset from the start (+2h); default the last record',
      ),
  );
}

function sourceOptions(flags: SourceFlags) {
  return {
    recording: flags.recording,
    ...(flags.labels === undefined ? {} : { labels: flags.labels }),
    ...(flags.workbook === undefined ? {} : { workbook: flags.workbook }),
    ...(flags.at === undefined ? {} : { at: flags.at }),
    onProgress: stderrProgress(),
  };
}

/**
 * What an export prints: the input's lines accounted for, then `lines` (what it wrote) on
 * stdout; then what was not computed on stderr, and the exit code (see `replayOutcome`).
 */
function finishExport(check: ExportCheck, flags: SourceFlags, lines: string[]): void {
  for (const line of [...accountingText(check.accounting), ...lines]) console.log(line);
  applyOutcome(
    replayOutcome({
      accounting: check.accounting,
      incomplete: check.incomplete,
      allowIncomplete: flags.allowIncomplete === true,
      ...(flags.maxMalformed === undefined ? {} : { maxMalformed: flags.maxMalformed }),
    }),
  );
}

/**
 * `tapedeck export prometheus|series`: the workbook's alert rules as Prometheus rules with a
 * promtool test built from the replay, or the metric series as CSV/Parquet. Each prints the
 * recording's lines accounted for; the files are written even when incomplete, which exits 3
 * unless `--allow-incomplete` (see `EXIT` in cli/alerts-as-code/replay-outcome.ts).
 */
export function registerExportCommand(program: Command): void {
  const exporter = program
    .command('export')
    .description('Export alert rules to Prometheus or metric series to CSV/Parquet from a replay');

  addSourceOptions(
    exporter
      .command('prometheus')
      .description(
        'Write the alert rules as Prometheus alerting rules (DIR/rules.yml) and a promtool unit test built from the replay (DIR/rules.test.yml)',
      ),
  )
    .requiredOption('--out <dir>', 'directory to write rules.yml and rules.test.yml into')
    .option('--max-checks <n>', 'checked evaluation times per rule, at most', parseCount, 60)
    .action(async (flags: SourceFlags & { out: string; maxChecks: number }) => {
      const result = await exportPrometheus({
        ...sourceOptions(flags),
        out: flags.out,
        maxEvalTimes: flags.maxChecks,
      });
      finishExport(result, flags, [
        ...result.exported.map(
          (e) =>
            `exported ${e.id} as ${e.alert}: ${e.checks} checked evaluations, ${e.firingChecks} expecting it firing`,
        ),
        ...result.skipped.map((s) => `skipped ${s.id}: ${s.reason}`),
        `wrote ${result.rulesPath} and ${result.testsPath}`,
        `check them with: promtool check rules ${result.rulesPath} && promtool test rules ${result.testsPath}`,
      ]);
    });

  addSourceOptions(
    exporter
      .command('series')
      .description(
        'Write the metric and SLI series in long format (metric, series, time, time_ms, value)',
      ),
  )
    .requiredOption('--format <csv|parquet>', 'file format', parseFormat)
    .requiredOption('--out <file>', 'file to write')
    .option('--metrics <ids>', 'comma list of metric or SLI ids (default: all)', parseIds)
    .action(
      async (flags: SourceFlags & { format: SeriesFormat; out: string; metrics?: string[] }) => {
        const written = await exportSeries({
          ...sourceOptions(flags),
          out: flags.out,
          format: flags.format,
          ...(flags.metrics === undefined ? {} : { metrics: flags.metrics }),
        });
        finishExport(written, flags, [
          `wrote ${flags.out} (${flags.format}, ${written.metrics} metrics, ${written.samples} samples)`,
        ]);
      },
    );

  registerFlinkExportCommand(exporter);
}

function parseFormat(text: string): SeriesFormat {
  if (text !== 'csv' && text !== 'parquet') {
    throw new InvalidArgumentError('expected csv or parquet');
  }
  return text;
}

function parseCount(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1) throw new InvalidArgumentError('expected an integer ≥ 1');
  return n;
}

function parseIds(text: string): string[] {
  const ids = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (ids.length === 0) throw new InvalidArgumentError('expected a comma list of metric ids');
  return ids;
}
