import type { Command } from 'commander';
import {
  addConnectionOptions,
  connectionFromCli,
  connectionWarnings,
  describeConnection,
  KAFKA_IO_DEFAULTS,
  parseSpeed,
  parseTopicList,
  ProgressLine,
  runReplay,
  untilInterrupted,
  withRedactedErrors,
  type ConnectionFlags,
  type ProduceProgress,
  type ReplayPlan,
} from '../../bridge/index.ts';

interface ReplayFlags extends ConnectionFlags {
  speed: string;
  topicPrefix: string;
  topics?: string;
  retime?: boolean;
}

/** `tapedeck replay`: produces a recording back into Kafka, paced, into `replay.<topic>`. */
export function registerReplayCommand(program: Command): void {
  const command = program
    .command('replay')
    .description(
      'Produce a recording into Kafka with its original timing (divided by --speed), keys, ' +
        `headers, partitions and timestamps, into separate topics; adds a ${KAFKA_IO_DEFAULTS.replayHeader} header`,
    )
    .argument('<recording>', 'recording file (kcat -C -J NDJSON, plain or .gz)')
    .option('--speed <n|max>', 'divide the original gaps by n; max = as fast as possible', '1')
    .option(
      '--topic-prefix <prefix>',
      'write topic t to <prefix>t; may not name a topic of the recording',
      KAFKA_IO_DEFAULTS.replayTopicPrefix,
    )
    .option('--topics <a,b,…>', 'replay only these topics of the recording')
    .option('--retime', 'stamp records with the time they are sent, not their original timestamps');
  addConnectionOptions(command).action((file: string, flags: ReplayFlags) =>
    replayCommand(file, flags),
  );
}

async function replayCommand(file: string, flags: ReplayFlags): Promise<void> {
  const speed = parseSpeed(flags.speed, '--speed');
  const topics = flags.topics === undefined ? undefined : parseTopicList(flags.topics, '--topics');
  const progress = new ProgressLine(process.stderr);
  const connection = {
    ...connectionFromCli(flags, process.env),
    log: (l: string) => progress.log(l),
  };
  for (const warning of connectionWarnings(connection)) progress.log(`warning: ${warning}`);

  let plan: ReplayPlan | undefined;
  const show = (p: ProduceProgress, force = false): void => {
    const sent = new Map(p.partitions.map((s) => [`${s.topic}/${s.partition}`, s.sent]));
    const open: Array<{ label: string; done: number; total: number }> = [];
    for (const [key, total] of plan?.perPartition ?? []) {
      const at = key.lastIndexOf('/');
      const label = `${plan!.targets.get(key.slice(0, at))}/${key.slice(at + 1)}`;
      const done = sent.get(label) ?? 0;
      if (done < total) open.push({ label, done, total });
    }
    const wait = p.waitMs > 1000 ? ` · next record in ${(p.waitMs / 1000).toFixed(1)} s` : '';
    progress.update(
      {
        verb: 'replayed',
        records: p.records,
        partitions: open,
        note: `${p.records}/${plan?.records ?? '?'}${wait}`,
      },
      force,
    );
  };

  const summary = await withRedactedErrors(connection, () =>
    untilInterrupted(
      (signal) =>
        runReplay(
          {
            connection,
            file,
            speed,
            topicPrefix: flags.topicPrefix,
            topics,
            retime: flags.retime === true,
            onPlan: (p) => {
              plan = p;
              if (p.malformed.count > 0) {
                const first = p.malformed.first
                  .map((m) => `line ${m.line}: ${m.reason}`)
                  .join('; ');
                progress.log(
                  `warning: ${file}: ${p.malformed.count} malformed lines skipped (${first})`,
                );
              }
              progress.log(
                `replaying ${p.records} records from ${file} into ` +
                  `${[...p.targets.values()].join(', ')} at ${speed === 'max' ? 'max speed' : `${speed}×`} ` +
                  `(${describeConnection(connection)})`,
              );
              progress.log(`replay id: ${p.replayId} (header ${KAFKA_IO_DEFAULTS.replayHeader})`);
            },
            onProgress: (p) => show(p),
          },
          signal,
        ),
      () => progress.log('stopping after the records in flight (Ctrl-C again to quit at once)'),
    ),
  );
  show({ records: summary.records, partitions: summary.partitions, waitMs: 0 }, true);
  progress.done();

  const seconds = (summary.elapsedMs / 1000).toFixed(1);
  console.log(
    `replayed ${summary.records} of ${summary.plan.records} records from ${file} into ` +
      `${[...summary.plan.targets.values()].join(', ')} in ${seconds} s (replay id ${summary.plan.replayId})` +
      (summary.finished ? '' : ' — stopped before the end'),
  );
  if (summary.nullHeaderValues > 0) {
    console.log(
      `note: ${summary.nullHeaderValues} null header values were sent as empty values ` +
        '(kafkajs 2.2.4 cannot send a null header value)',
    );
  }
}
