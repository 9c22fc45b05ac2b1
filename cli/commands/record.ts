import type { Command } from 'commander';
import {
  addConnectionOptions,
  checkTimeRange,
  connectionFromCli,
  connectionWarnings,
  describeConnection,
  describeTimePoint,
  formatBytes,
  parseTimePoint,
  parseTopicList,
  ProgressLine,
  runRecord,
  untilInterrupted,
  withRedactedErrors,
  type ConnectionFlags,
  type PartitionPosition,
} from '../../bridge/index.ts';

interface RecordFlags extends ConnectionFlags {
  topics: string;
  from: string;
  to: string;
  out: string;
}

/** `tapedeck record`: captures a time range of Kafka topics into a kcat-compatible recording. */
export function registerRecordCommand(program: Command): void {
  const command = program
    .command('record')
    .description(
      'Capture a time range of Kafka topics (every partition) into a recording that kcat -C -J ' +
        'would write; commits no consumer offsets',
    )
    .requiredOption('--topics <a,b,…>', 'topics to record')
    .option(
      '--from <time>',
      'start: ISO-8601 time, earliest, latest, now, ms since epoch, or a time ago (-1h, -30m)',
      'earliest',
    )
    .option(
      '--to <time>',
      'end, exclusive (same forms); latest = the records present when the command starts',
      'latest',
    )
    .requiredOption('--out <file>', 'recording file: .ndjson, or .ndjson.gz for gzip');
  addConnectionOptions(command).action((flags: RecordFlags) => recordCommand(flags));
}

async function recordCommand(flags: RecordFlags): Promise<void> {
  const now = Date.now();
  const from = parseTimePoint(flags.from, '--from', now);
  const to = parseTimePoint(flags.to, '--to', now);
  checkTimeRange(from, to, flags.from, flags.to);
  const topics = parseTopicList(flags.topics, '--topics');
  const progress = new ProgressLine(process.stderr);
  const connection = {
    ...connectionFromCli(flags, process.env),
    log: (l: string) => progress.log(l),
  };
  for (const warning of connectionWarnings(connection)) progress.log(`warning: ${warning}`);
  progress.log(
    `recording ${topics.join(', ')} from ${describeTimePoint(from)} to ${describeTimePoint(to)} ` +
      `(${describeConnection(connection)}) into ${flags.out}`,
  );

  const summary = await withRedactedErrors(connection, () =>
    untilInterrupted(
      (signal) =>
        runRecord(
          {
            connection,
            topics,
            from,
            to,
            out: flags.out,
            onProgress: (positions, records) =>
              progress.update({ verb: 'recorded', records, ...positionState(positions) }),
          },
          signal,
        ),
      () => progress.log('stopping: finishing the file (Ctrl-C again to quit at once)'),
    ),
  );
  progress.update(
    { verb: 'recorded', records: summary.records, ...positionState(summary.partitions) },
    true,
  );
  progress.done();

  const seconds = (summary.elapsedMs / 1000).toFixed(1);
  console.log(
    `recorded ${summary.records} records from ${topics.join(', ')} (${summary.partitions.length} ` +
      `partitions) into ${summary.out} (${formatBytes(summary.bytes)}) in ${seconds} s`,
  );
  if (!summary.reachedEnd) {
    const short = summary.partitions.filter((p) => p.position < p.end);
    console.log(
      `stopped before the end; the file is complete up to: ` +
        short.map((p) => `${p.topic}/${p.partition} offset ${p.position} of ${p.end}`).join(', '),
    );
  }
}

/** Unfinished partitions as `topic/p offset/end`, and how many are done. */
function positionState(positions: readonly PartitionPosition[]): {
  partitions: Array<{ label: string; done: bigint; total: bigint }>;
  note: string;
} {
  const open = positions.filter((p) => p.position < p.end);
  return {
    partitions: open.map((p) => ({
      label: `${p.topic}/${p.partition}`,
      done: p.position,
      total: p.end,
    })),
    note: `${positions.length - open.length}/${positions.length} partitions done`,
  };
}
