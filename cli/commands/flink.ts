import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import {
  addConnectionOptions,
  connectionFromCli,
  fetchFlink,
  lastRecordTime,
  parseTimePoint,
  runFlinkSql,
  untilInterrupted,
  withRedactedErrors,
  type ConnectionFlags,
  type FlinkProgress,
  type KafkaConnectionOptions,
} from '../../bridge/index.ts';
import { KITCHEN_WORKBOOK, parseWorkbook, type Workbook } from '../../engine/index.ts';
import { seriesCsv, seriesParquet } from '../../engine/node.ts';
import { readSinkFolder, rowsToSeries, rowsWrittenSoFar } from '../flink/flink-output.ts';
import {
  workbookToFlinkSql,
  type FlinkEnd,
  type FlinkSink,
  type FlinkSqlOptions,
  type FlinkStart,
} from '../flink/flink-sql.ts';
import { kafkaProperties, secretSubstitutions } from '../flink/kafka-properties.ts';
import { parseDuration } from '../../formats/index.ts';

interface FlinkFlags extends ConnectionFlags {
  workbook?: string;
  from: string;
  to?: string;
  live?: boolean;
  topicPrefix: string;
  metrics?: string;
  idleTimeout: string;
  latencyBound: string;
}

function addFlinkSqlOptions(command: Command): Command {
  return addConnectionOptions(
    command
      .option('--workbook <file>', 'workbook, YAML or JSON (default: the bundled kitchen workbook)')
      .option(
        '--from <time>',
        'start: earliest, an ISO time, ms since epoch, or a time ago (-7d)',
        'earliest',
      )
      .option(
        '--to <time>',
        'end of the history, exclusive (same forms); default the latest offsets',
      )
      .option('--live', 'keep reading new records (no end)')
      .option('--topic-prefix <p>', 'read workbook topic t from <p>t (e.g. replay.)', '')
      .option('--metrics <ids>', 'comma list of metric ids (default: all)')
      .option(
        '--idle-timeout <d>',
        'a partition silent this long stops holding the watermark back',
        '5s',
      )
      .option(
        '--latency-bound <d>',
        'latency metrics: look this far back for the start record',
        '1d',
      ),
  );
}

/** The workbook file, or the bundled kitchen workbook; a refused one throws its issues (WorkbookError). */
function loadWorkbook(file: string | undefined): Workbook {
  if (file === undefined) return parseWorkbook(KITCHEN_WORKBOOK.text, KITCHEN_WORKBOOK.name);
  return parseWorkbook(readFileSync(file, 'utf8'), basename(file));
}

function duration(text: string, option: string): number {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new InvalidArgumentError(`invalid ${option}: ${(error as Error).message}`);
  }
}

/** The SQL options of the flags, with the end resolved by `end`. */
function sqlOptions(
  flags: FlinkFlags,
  connection: KafkaConnectionOptions,
  sink: FlinkSink,
  to: FlinkEnd,
  untilMs?: number | null,
): FlinkSqlOptions {
  const from = parseTimePoint(flags.from, '--from', Date.now());
  if (from.kind === 'latest')
    throw new Error('invalid --from: latest (use --live to read only new records)');
  const start: FlinkStart =
    from.kind === 'earliest' ? { kind: 'earliest' } : { kind: 'time', ms: from.ms };
  return {
    brokers: connection.brokers,
    from: start,
    to,
    sink,
    idleTimeoutMs: duration(flags.idleTimeout, '--idle-timeout'),
    latencyBoundMs: duration(flags.latencyBound, '--latency-bound'),
    topicPrefix: flags.topicPrefix,
    kafkaProperties: kafkaProperties(connection),
    ...(untilMs === undefined ? {} : { untilMs }),
    ...(flags.metrics === undefined
      ? {}
      : { metrics: flags.metrics.split(',').map((s) => s.trim()) }),
  };
}

function endOf(flags: FlinkFlags): FlinkEnd {
  if (flags.live && flags.to !== undefined) throw new Error('--live and --to exclude each other');
  if (flags.live) return { kind: 'live' };
  if (flags.to === undefined) return { kind: 'latest' };
  const to = parseTimePoint(flags.to, '--to', Date.now());
  if (to.kind === 'earliest') throw new Error('invalid --to: earliest');
  return to.kind === 'latest' ? { kind: 'latest' } : { kind: 'time', ms: to.ms };
}

function reportSkipped(skipped: readonly { metric: string; reason: string }[]): void {
  for (const s of skipped) console.error(`not translated: ${s.metric}: ${s.reason}`);
}

/** `tapedeck export flink`: the workbook's metrics as Flink SQL (DIR/<workbook>.flink.sql). */
export function registerFlinkExportCommand(exporter: Command): void {
  addFlinkSqlOptions(
    exporter
      .command('flink')
      .description(
        "Write the workbook's metrics as Flink SQL: Kafka source tables, a series sink, one INSERT per metric",
      ),
  )
    .requiredOption('--out <dir>', 'directory to write <workbook>.flink.sql into')
    .option('--sink <kind>', 'csv, parquet or json files, or kafka', 'csv')
    .option('--sink-path <uri>', 'files sink: folder URI (default file://<out>/series)')
    .option(
      '--sink-topic <topic>',
      'kafka sink: topic (default tapedeck-series)',
      'tapedeck-series',
    )
    .action(
      async (
        flags: FlinkFlags & { out: string; sink: string; sinkPath?: string; sinkTopic: string },
      ) => {
        try {
          const wb = loadWorkbook(flags.workbook);
          const connection = connectionFromCli(flags, process.env);
          const sink = sinkOf(flags);
          const out = workbookToFlinkSql(wb, sqlOptions(flags, connection, sink, endOf(flags)));
          await mkdir(flags.out, { recursive: true });
          const file = join(flags.out, `${wb.name}.flink.sql`);
          await writeFile(file, out.sql);
          console.log(
            `wrote ${file}: ${out.translated.length} metrics translated (${out.translated.join(', ')})`,
          );
          reportSkipped(out.skipped);
        } catch (error) {
          fail(error);
        }
      },
    );
}

function sinkOf(flags: {
  out: string;
  sink: string;
  sinkPath?: string;
  sinkTopic: string;
}): FlinkSink {
  if (flags.sink === 'kafka') return { kind: 'kafka', topic: flags.sinkTopic };
  if (flags.sink !== 'csv' && flags.sink !== 'parquet' && flags.sink !== 'json') {
    throw new Error(`invalid --sink: ${flags.sink} (want csv, parquet, json or kafka)`);
  }
  return {
    kind: 'files',
    format: flags.sink,
    path: flags.sinkPath ?? pathToFileURL(resolve(flags.out, 'series')).href,
  };
}

/** `tapedeck flink run` (and `flink fetch`): the workbook's Flink SQL on an embedded MiniCluster. */
export function registerFlinkCommand(program: Command): void {
  const flink = program
    .command('flink')
    .description('Run the workbook as Flink SQL on an embedded Flink');
  flink
    .command('fetch')
    .description(
      "fetch Flink's jars with Maven and build the runner (first use only; CI runs this)",
    )
    .action(async () => {
      try {
        await fetchFlink({ onProgress: (m) => console.error(m) });
      } catch (error) {
        fail(error);
      }
    });
  addFlinkSqlOptions(
    flink
      .command('run')
      .description(
        'Compute the metric series over Kafka on an embedded Flink MiniCluster and write them like export series',
      ),
  )
    .requiredOption('--out <file>', 'series file: .csv or .parquet')
    .action(async (flags: FlinkFlags & { out: string }) => {
      try {
        await flinkRun(flags);
      } catch (error) {
        fail(error);
      }
    });
}

async function flinkRun(flags: FlinkFlags & { out: string }): Promise<void> {
  const format = flags.out.endsWith('.parquet')
    ? 'parquet'
    : flags.out.endsWith('.csv')
      ? 'csv'
      : null;
  if (format === null)
    throw new Error(`invalid --out: ${flags.out} (want a .csv or .parquet file)`);
  const started = Date.now();
  const wb = loadWorkbook(flags.workbook);
  const connection = connectionFromCli(flags, process.env);
  const work = await mkdtemp(join(tmpdir(), 'tapedeck-flink-'));
  try {
    const sinkDir = join(work, 'series');
    const sink: FlinkSink = { kind: 'files', format: 'csv', path: pathToFileURL(sinkDir).href };
    const to = endOf(flags);
    let untilMs: number | null | undefined;
    if (to.kind === 'latest') {
      // Find where the history ends first: its last window is still open there.
      const probe = workbookToFlinkSql(wb, sqlOptions(flags, connection, sink, to));
      untilMs = await withRedactedErrors(connection, () =>
        lastRecordTime(connection, probe.topics),
      );
      console.error(
        `history ends at the last record, ${untilMs === null ? 'none' : new Date(untilMs).toISOString()}; later windows are still open`,
      );
    }
    const out = workbookToFlinkSql(wb, sqlOptions(flags, connection, sink, to, untilMs));
    reportSkipped(out.skipped);
    const runtime = await fetchFlink({ onProgress: (m) => console.error(m) });
    console.error(`running ${out.translated.length} metrics on an embedded Flink MiniCluster…`);
    await untilInterrupted(
      (signal) =>
        runFlinkSql({
          runtime,
          sql: out.sql,
          workDir: work,
          signal,
          substitutions: secretSubstitutions(connection),
          onProgress: (p) => console.error(progressText(p, sinkDir)),
        }),
      () => console.error('stopping the Flink job…'),
    );
    const series = rowsToSeries(await readSinkFolder(sinkDir), out.translated);
    await writeFile(flags.out, format === 'csv' ? seriesCsv(series) : seriesParquet(series));
    const samples = series.reduce(
      (n, m) => n + m.series.reduce((k, s) => k + s.times.length, 0),
      0,
    );
    console.log(
      `wrote ${flags.out} (${format}, ${series.length} metrics, ${samples} samples) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function progressText(p: FlinkProgress, sinkDir: string): string {
  switch (p.kind) {
    case 'submitted':
      return `flink: job ${p.jobId} submitted (${p.inserts} INSERT statements)`;
    case 'status':
      return `flink: ${p.status.toLowerCase()} ${(p.elapsedMs / 1000).toFixed(0)} s, ${rowsWrittenSoFar(sinkDir).toLocaleString('en-US')} samples written`;
    case 'finished':
      return `flink: finished in ${(p.elapsedMs / 1000).toFixed(1)} s`;
  }
}

function fail(error: unknown): never {
  console.error(`tapedeck: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
