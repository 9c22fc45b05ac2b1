import { InvalidArgumentError, type Command } from 'commander';
import { stderrProgress } from '../alerts-as-code/headless-replay.ts';
import { exportTraces, runTraces, tracesTable } from '../traces/run-traces.ts';

interface TraceFlags {
  recording?: string;
  labels?: string;
  at?: string;
  keyPath: string;
  topics?: string[];
  stage?: string;
  broken?: boolean;
  minDuration?: number;
  key?: string;
  limit: number;
}

/** The options `traces` and `traces export` share: the replay, the join, which traces. */
function addTraceOptions(command: Command, limit: number): Command {
  return (
    command
      // Not commander's requiredOption: it would hold `traces`' own option against `traces export`.
      .option('--recording <file>', 'recording file (kcat -C -J NDJSON, plain or .gz); required')
      .option(
        '--labels <file>',
        'incident labels (default: <name>.labels.json beside the recording)',
      )
      .option(
        '--at <time>',
        'join the records delivered by this replay time: an ISO time with a zone, or +offset from the start (+2h); default the last record',
      )
      .option(
        '--key-path <field>',
        'business key that locates breaks and stitches traces: a top-level JSON field of the value, or _key for the record key',
        'orderId',
      )
      .option(
        '--topics <list>',
        'topics followed, comma-separated, in flow order (default: every topic with traceparent headers, in order of first appearance)',
        (v: string) =>
          v
            .split(',')
            .map((t) => t.trim())
            .filter((t) => t !== ''),
      )
      .option(
        '--stage <field>',
        'a field naming the step within a topic (e.g. status): hops are topic:value',
      )
      .option('--broken', 'only traces that break')
      .option('--min-duration <ms>', 'only traces at least this long end to end (ms)', parseCount)
      .option('--key <text>', 'only traces whose business key contains this text')
      .option('--limit <n>', 'most traces listed or exported', parseCount, limit)
  );
}

function commandOptions(flags: TraceFlags) {
  if (flags.recording === undefined) {
    throw new InvalidArgumentError("required option '--recording <file>' not specified");
  }
  return {
    recording: flags.recording,
    ...(flags.labels === undefined ? {} : { labels: flags.labels }),
    ...(flags.at === undefined ? {} : { at: flags.at }),
    options: {
      key: flags.keyPath,
      topics: flags.topics ?? [],
      stage: flags.stage ?? null,
      listLimit: flags.limit,
    },
    filter: {
      ...(flags.broken ? { broken: true } : {}),
      ...(flags.minDuration === undefined ? {} : { minDurationMs: flags.minDuration }),
      ...(flags.key === undefined ? {} : { key: flags.key }),
    },
    onProgress: stderrProgress(),
  };
}

/**
 * `tapedeck traces --recording R [--key-path orderId] [--json]`: replays a recording headless and
 * follows every record across topics by its `traceparent` and business key (`Engine.traces`):
 * the hop table (count, p50/p95 latency, broken share), the breaks by hop and kind with example
 * keys, counts and the latest traces. `tapedeck traces export --format jaeger|otlp --out F.json`
 * writes the stitched traces for Jaeger UI's file upload, or as OTLP/JSON.
 */
export function registerTracesCommand(program: Command): void {
  const traces = addTraceOptions(
    program
      .command('traces')
      .description(
        'Follow records across topics by traceparent and business key: hops, latency, where traces break',
      ),
    20,
  )
    .option('--json', 'print one JSON document (format tapedeck-traces/1) instead of a table')
    // `traces export` has the same options: they belong to it when they follow it.
    .enablePositionalOptions()
    .action(async (flags: TraceFlags & { json?: boolean }) => {
      const doc = await runTraces(commandOptions(flags));
      process.stdout.write(flags.json ? `${JSON.stringify(doc, null, 2)}\n` : tracesTable(doc));
    });

  addTraceOptions(
    traces
      .command('export')
      .description(
        'Write the stitched traces as Jaeger UI JSON (its file upload opens it) or OTLP/JSON',
      ),
    100_000,
  )
    .requiredOption('--out <file>', 'the file to write')
    .option(
      '--format <format>',
      'jaeger (Jaeger UI JSON) or otlp (OTLP/JSON)',
      parseFormat,
      'jaeger',
    )
    .action(async (flags: TraceFlags & { out: string; format: 'jaeger' | 'otlp' }) => {
      const { traces: n, spans } = await exportTraces({
        ...commandOptions(flags),
        format: flags.format,
        out: flags.out,
      });
      process.stderr.write(`wrote ${n} traces (${spans} spans) to ${flags.out}\n`);
    });
}

function parseCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}

function parseFormat(text: string): 'jaeger' | 'otlp' {
  if (text !== 'jaeger' && text !== 'otlp')
    throw new InvalidArgumentError('expected jaeger or otlp');
  return text;
}
