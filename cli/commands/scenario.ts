import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, Option, type Command, type CommanderError } from 'commander';
import {
  generateKitchen,
  KITCHEN_DEFAULTS,
  KITCHEN_INCIDENT_KINDS,
  KITCHEN_TOPICS,
  NEAR_MISS,
  TRACE_DROP_SERVICES,
  type KitchenIncidentKind,
} from '../../scenarios/index.ts';
import { parseDuration, type Incident, type KafkaRecord } from '../../formats/index.ts';
import { writeRecordingFile } from '../../bridge/index.ts';
import {
  addConnectionOptions,
  connectionFromCli,
  describeConnection,
  produceRecords,
  ProgressLine,
  untilInterrupted,
  withRedactedErrors,
  type ConnectionFlags,
  type ProduceProgress,
} from '../../bridge/index.ts';

interface KitchenOptions extends ConnectionFlags {
  seed: number;
  start: number;
  duration: number;
  restaurants: number;
  ordersPerHour: number;
  incidents: KitchenIncidentKind[];
  traceDrop?: TraceDropSpec;
  out?: string;
  realtime?: boolean;
}

/** Usage errors (a bad option or value) exit with this code; I/O failures exit 1. */
const USAGE_EXIT_CODE = 2;
const MAX_DURATION_MS = 31 * 86_400_000;

/**
 * `tapedeck scenario kitchen --seed 7 --duration 6h --out demo.ndjson.gz`: generates the kitchen
 * scenario, writes the recording and `<name>.labels.json` beside it, and prints a summary.
 */
export function registerScenarioCommand(program: Command): void {
  const scenario = program
    .command('scenario')
    .description('Generate a synthetic scenario recording with labelled incidents')
    .exitOverride(exitWithUsageCode);
  const kitchen = scenario
    .command('kitchen')
    .description(
      'Cloud-kitchen orders, payments, restaurant status, cluster health, infra events; ' +
        'written to a recording (--out), produced into Kafka (--brokers), or both',
    )
    .option(
      '--out <file>',
      'recording to write (.ndjson or .ndjson.gz); labels go beside it as <name>.labels.json',
      parseOut,
    )
    .addOption(
      new Option('--seed <n>', 'random seed (0–4294967295)')
        .argParser(parseSeed)
        .default(KITCHEN_DEFAULTS.seed),
    )
    .addOption(
      new Option(
        '--start <iso>',
        'start of the period, an ISO time with a zone (with --brokers: ends now, or starts now with --realtime)',
      )
        .argParser(parseStart)
        .default(KITCHEN_DEFAULTS.start, new Date(KITCHEN_DEFAULTS.start).toISOString()),
    )
    .addOption(
      new Option('--duration <duration>', 'length of the period, e.g. 6h, 30m, 2d, 1h30m')
        .argParser(parseDurationOption)
        .default(KITCHEN_DEFAULTS.durationMs, '24h'),
    )
    .addOption(
      new Option('--restaurants <n>', 'number of restaurants (kitchens × brands), 1–1000')
        .argParser(parseRestaurants)
        .default(KITCHEN_DEFAULTS.restaurants),
    )
    .addOption(
      new Option('--orders-per-hour <n>', 'average orders per hour over a day, 0–100000')
        .argParser(parseOrdersPerHour)
        .default(KITCHEN_DEFAULTS.ordersPerHour),
    )
    .addOption(
      new Option(
        '--incidents <list>',
        `comma list of ${KITCHEN_INCIDENT_KINDS.join(', ')} (each with its near-misses); or none`,
      )
        .argParser(parseIncidents)
        .default([...KITCHEN_DEFAULTS.incidents], KITCHEN_DEFAULTS.incidents.join(',')),
    )
    .option(
      '--trace-drop <service:share[:from:to]>',
      `a service (${TRACE_DROP_SERVICES.join(', ')}) that drops the traceparent header of a share of the orders, from..to after the start (default the whole period), e.g. delivery-service:0.3:6h:10h; labelled as a trace-context-drop incident`,
      parseTraceDrop,
    )
    .option(
      '--realtime',
      'with --brokers: produce each record when the wall clock reaches its timestamp',
    );
  addConnectionOptions(kitchen).action((options: KitchenOptions, command: Command) => {
    if (options.out === undefined && options.brokers === undefined) {
      command.error('error: give --out FILE, --brokers HOST:PORT, or both', { exitCode: 2 });
    }
    if (options.realtime === true && options.brokers === undefined) {
      command.error('error: --realtime produces into Kafka and needs --brokers', { exitCode: 2 });
    }
    if (options.brokers !== undefined && command.getOptionValueSource('start') === 'default') {
      // Into Kafka, a period long past would fall to the topic's retention: by default the
      // period ends now, or starts now when it plays in real time.
      const now = Math.floor(Date.now() / 60_000) * 60_000;
      options.start = options.realtime === true ? now : now - options.duration;
    }
    return runKitchen(options);
  });
}

async function runKitchen(options: KitchenOptions): Promise<void> {
  const started = performance.now();
  const { records, labels } = generateKitchen({
    seed: options.seed,
    start: options.start,
    durationMs: options.duration,
    restaurants: options.restaurants,
    ordersPerHour: options.ordersPerHour,
    incidents: options.incidents,
    ...(options.traceDrop && {
      traceDrop: {
        service: options.traceDrop.service,
        share: options.traceDrop.share,
        start: options.start + options.traceDrop.fromMs,
        end: options.start + (options.traceDrop.toMs ?? options.duration),
      },
    }),
  });
  const seconds = (performance.now() - started) / 1000;
  const end = options.start + options.duration;
  console.log(
    `kitchen scenario: seed ${options.seed}, ${isoMinutes(options.start)} → ${isoMinutes(end)}, ` +
      `${options.restaurants} restaurants, ${options.ordersPerHour} orders/h`,
  );
  console.log(
    `generated ${records.length} records in ${seconds.toFixed(1)} s (${Math.round(records.length / seconds)} records/s)`,
  );
  console.log('records per topic:');
  for (const [topic, count] of countByTopic(records)) {
    console.log(`  ${topic.padEnd(18)} ${String(count).padStart(8)}`);
  }
  console.log(labels.incidents.length === 0 ? 'incidents: none' : 'incidents:');
  for (const incident of labels.incidents) console.log(`  ${describeIncident(incident)}`);

  if (options.out !== undefined) {
    const written = await writeRecordingFile(options.out, withProgress(records));
    const labelsPath = labelsPathFor(options.out);
    await writeFile(labelsPath, `${JSON.stringify(labels, null, 2)}\n`);
    console.log(`wrote ${options.out} (${written.records} records, ${formatBytes(written.bytes)})`);
    const nearMisses = labels.incidents.filter((i) => i.kind === NEAR_MISS).length;
    console.log(
      `wrote ${labelsPath} (${labels.incidents.length - nearMisses} incidents, ${nearMisses} near-misses)`,
    );
  }
  if (options.brokers !== undefined) await produceScenario(records, options);
}

/**
 * Produces the scenario into Kafka under its own topic names, as fast as the broker takes it,
 * or each record at its own timestamp with `--realtime`.
 */
async function produceScenario(records: KafkaRecord[], options: KitchenOptions): Promise<void> {
  const progress = new ProgressLine(process.stderr);
  const connection = {
    ...connectionFromCli(options, process.env),
    log: (l: string) => progress.log(l),
  };
  const pacing =
    options.realtime === true ? { speed: 1, realtime: true } : { speed: 'max' as const };
  progress.log(
    `producing ${records.length} records into Kafka (${describeConnection(connection)}), ` +
      (options.realtime === true ? 'each at its own timestamp' : 'as fast as possible'),
  );
  const show = (p: ProduceProgress, force = false): void =>
    progress.update(
      {
        verb: 'produced',
        records: p.records,
        partitions: [],
        note: `${p.records}/${records.length}`,
      },
      force,
    );
  const summary = await withRedactedErrors(connection, () =>
    untilInterrupted(
      (signal) =>
        produceRecords(records, {
          connection,
          topicFor: (topic) => topic,
          // Topics are created with the scenario's partitions, not only those a short run
          // happens to write to: a later run into the same broker needs them all.
          partitions: new Map(Object.entries(KITCHEN_TOPICS)),
          pacing,
          signal,
          onProgress: (p) => show(p),
        }),
      () => progress.log('stopping after the records in flight (Ctrl-C again to quit at once)'),
    ),
  );
  show({ records: summary.records, partitions: summary.partitions, waitMs: 0 }, true);
  progress.done();
  console.log(
    `produced ${summary.records} of ${records.length} records in ${(summary.elapsedMs / 1000).toFixed(1)} s` +
      (summary.finished ? '' : ' (stopped before the end)'),
  );
}

/** `demo.ndjson.gz` → `demo.labels.json`. */
function labelsPathFor(recordingPath: string): string {
  return recordingPath.replace(/\.ndjson(\.gz)?$/, '.labels.json');
}

/** Passes records through, drawing a progress line on stderr (in place on a terminal). */
function* withProgress(records: readonly KafkaRecord[]): Generator<KafkaRecord> {
  const tty = process.stderr.isTTY === true;
  const total = records.length;
  const step = Math.max(1, Math.ceil(total / (tty ? 50 : 4)));
  const report = (done: number): void => {
    const line = `writing ${done}/${total} records (${total === 0 ? 100 : Math.floor((done * 100) / total)}%)`;
    process.stderr.write(tty ? `\r${line}` : `${line}\n`);
  };
  for (let i = 0; i < total; i++) {
    yield records[i] as KafkaRecord;
    if ((i + 1) % step === 0 && i + 1 < total) report(i + 1);
  }
  report(total);
  if (tty) process.stderr.write('\n');
}

function countByTopic(records: readonly KafkaRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.topic, (counts.get(record.topic) ?? 0) + 1);
  return new Map([...counts].sort((a, b) => b[1] - a[1]));
}

function describeIncident(incident: Incident): string {
  const scope = Object.entries(incident.scope)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return `${incident.id.padEnd(20)} ${isoMinutes(incident.start)} – ${isoMinutes(incident.end)}  ${scope}`;
}

function isoMinutes(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1 << 20
    ? `${(bytes / (1 << 20)).toFixed(1)} MB`
    : `${(bytes / 1024).toFixed(1)} kB`;
}

/** Commander's usage errors exit 2; help and version keep their own code (0). */
function exitWithUsageCode(error: CommanderError): never {
  process.exit(error.exitCode === 0 ? 0 : USAGE_EXIT_CODE);
}

function parseOut(text: string): string {
  if (!/\.ndjson(\.gz)?$/.test(text) || /^\.ndjson(\.gz)?$/.test(text.split(/[\\/]/).pop() ?? '')) {
    throw new InvalidArgumentError('expected a file name ending in .ndjson or .ndjson.gz');
  }
  return text;
}

function parseSeed(text: string): number {
  const seed = Number(text);
  if (!/^\d+$/.test(text) || seed > 0xffffffff) {
    throw new InvalidArgumentError('expected an integer from 0 to 4294967295');
  }
  return seed;
}

function parseStart(text: string): number {
  const ms = Date.parse(text);
  if (
    !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(text) ||
    !Number.isFinite(ms)
  ) {
    throw new InvalidArgumentError('expected an ISO time with a zone, e.g. 2026-01-05T00:00:00Z');
  }
  return ms;
}

/** `--trace-drop`: the service, the share of orders, and the window after the start. */
interface TraceDropSpec {
  service: string;
  share: number;
  fromMs: number;
  toMs: number | null;
}

function parseTraceDrop(text: string): TraceDropSpec {
  const [service = '', share = '', from, to, ...rest] = text.split(':');
  if (!TRACE_DROP_SERVICES.includes(service)) {
    throw new InvalidArgumentError(`service must be one of ${TRACE_DROP_SERVICES.join(', ')}`);
  }
  const x = Number(share);
  if (share.trim() === '' || !(x >= 0 && x <= 1)) {
    throw new InvalidArgumentError('share must be a number from 0 to 1, e.g. delivery-service:0.3');
  }
  if (rest.length > 0 || (from === undefined) !== (to === undefined)) {
    throw new InvalidArgumentError('expected service:share or service:share:from:to');
  }
  if (from === undefined || to === undefined) return { service, share: x, fromMs: 0, toMs: null };
  const fromMs = /^0+(ms|s|m|h|d)?$/.test(from) ? 0 : parseDurationOption(from);
  const toMs = parseDurationOption(to);
  if (toMs <= fromMs) throw new InvalidArgumentError('to must be after from');
  return { service, share: x, fromMs, toMs };
}

function parseDurationOption(text: string): number {
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  if (ms > MAX_DURATION_MS) throw new InvalidArgumentError('at most 31d');
  return ms;
}

function parseRestaurants(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 1000) {
    throw new InvalidArgumentError('expected an integer from 1 to 1000');
  }
  return n;
}

function parseOrdersPerHour(text: string): number {
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || n > 100_000) {
    throw new InvalidArgumentError('expected a number from 0 to 100000');
  }
  return n;
}

function parseIncidents(text: string): KitchenIncidentKind[] {
  if (text.trim() === 'none') return [];
  const kinds = text.split(',').map((s) => s.trim());
  for (const kind of kinds) {
    if (!KITCHEN_INCIDENT_KINDS.includes(kind as KitchenIncidentKind)) {
      throw new InvalidArgumentError(
        `unknown incident "${kind}"; expected a comma list of ${KITCHEN_INCIDENT_KINDS.join(', ')}, or none`,
      );
    }
  }
  return [...new Set(kinds)] as KitchenIncidentKind[];
}
