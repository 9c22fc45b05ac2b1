import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { LabelsFile } from '../../formats/index.ts';
import { writeRecordingFile } from '../../bridge/index.ts';
import { EXIT } from '../alerts-as-code/replay-outcome.ts';
import { labelsPathFor } from '../alerts-as-code/replay-inputs.ts';
import { importCsv, nabWindowIncidents } from '../import/csv-import.ts';

/** Skipped rows listed on stderr; the rest are counted. */
const SKIPPED_SHOWN = 10;

interface CsvFlags {
  out: string;
  topic?: string;
  timeColumn: string;
  nabWindows?: string;
  maxSkipped?: number;
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}

/**
 * `tapedeck import csv FILE --out R`: a CSV file of timed rows (a metric exported from a
 * monitoring system, a NAB data file) as a recording, one record a row, so it replays,
 * charts and backtests like any other; with `--nab-windows`, NAB's labelled windows for it as
 * incident labels beside it.
 */
export function registerImportCommand(program: Command): void {
  const group = program
    .command('import')
    .description('Turn other data into recordings (CSV rows as records)');
  group
    .command('csv')
    .description(
      'Write a CSV file (header line, one row per line) as a recording: each row one record, ' +
        'its time from --time-column and its value the JSON object of the other columns',
    )
    .argument('<file>', 'CSV file')
    .requiredOption(
      '--out <file>',
      'recording to write (.ndjson or .ndjson.gz); labels go beside it as <name>.labels.json',
    )
    .option('--topic <name>', 'topic of the records (default: the CSV file name without .csv)')
    .option(
      '--time-column <name>',
      'column with each row’s time: ISO 8601, "YYYY-MM-DD HH:MM:SS" (UTC) or ms since the epoch',
      'timestamp',
    )
    .option(
      '--nab-windows <file>',
      'NAB labels (labels/combined_windows.json): the file’s windows become incidents of kind anomaly',
    )
    .option(
      '--max-skipped <n>',
      `exit ${EXIT.tooManyMalformed} when more than n rows are skipped (default: no limit)`,
      count,
    )
    .action(async (file: string, flags: CsvFlags) => {
      const text = await readFile(file, 'utf8').catch((err: Error) => {
        throw new Error(`cannot read CSV ${file}: ${err.message}`, { cause: err });
      });
      const topic = flags.topic ?? path.basename(file).replace(/\.csv$/i, '');
      const imported = importCsv(text, { file, topic, timeColumn: flags.timeColumn });
      const incidents =
        flags.nabWindows === undefined
          ? null
          : nabWindowIncidents(await readFile(flags.nabWindows, 'utf8'), flags.nabWindows, file);
      if (imported.records.length === 0) {
        throw new Error(`${file}: no row could be read (${imported.skipped.length} skipped)`);
      }
      const written = await writeRecordingFile(flags.out, imported.records);
      const { skipped } = imported;
      process.stdout.write(
        `wrote ${flags.out}: ${written.records} records of topic ${topic} from ${imported.rows} rows` +
          `${skipped.length > 0 ? `, ${skipped.length} skipped` : ''}\n`,
      );
      for (const s of skipped.slice(0, SKIPPED_SHOWN)) {
        process.stderr.write(`  ${file}:${s.line}: skipped: ${s.reason}\n`);
      }
      if (skipped.length > SKIPPED_SHOWN) {
        process.stderr.write(`  … and ${skipped.length - SKIPPED_SHOWN} more rows skipped\n`);
      }
      if (incidents) {
        const labels: LabelsFile = {
          scenario: 'import',
          params: { file: path.basename(file), windows: path.basename(flags.nabWindows!) },
          incidents,
        };
        const labelsPath = labelsPathFor(flags.out);
        await writeFile(labelsPath, `${JSON.stringify(labels, null, 2)}\n`);
        process.stdout.write(`wrote ${labelsPath} (${incidents.length} windows as incidents)\n`);
      }
      if (flags.maxSkipped !== undefined && skipped.length > flags.maxSkipped) {
        process.stderr.write(
          `tapedeck: ${skipped.length} rows skipped, more than --max-skipped ${flags.maxSkipped}\n`,
        );
        process.exitCode = EXIT.tooManyMalformed;
      }
    });
}
