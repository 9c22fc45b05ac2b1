import { Option, type Command } from 'commander';
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
  keepTimestamps?: boolean;
  resume?: string;
  retime?: boolean;
}

const numbers = new Intl.NumberFormat('en-US');

/** `tapedeck replay`: produces a recording back into Kafka, paced, into `replay.<topic>`. */
export function registerReplayCommand(program: Command): void {
  const command = program
    .command('replay')
    .description(
      'Produce a recording into Kafka with its original timing (divided by --speed), keys, ' +
        'headers, partitions and order, into separate topics, stamped with the time each record ' +
        `is sent; adds ${KAFKA_IO_DEFAULTS.replayHeader}, ${KAFKA_IO_DEFAULTS.replayOffsetHeader} ` +
        `and ${KAFKA_IO_DEFAULTS.originalTimestampHeader} headers`,
    )
    .argument('<recording>', 'recording file (kcat -C -J NDJSON, plain or .gz)')
    .option('--speed <n|max>', 'divide the original gaps by n; max = as fast as possible', '1')
    .option(
      '--topic-prefix <prefix>',
      'write topic t to <prefix>t; may not name a topic of the recording',
      KAFKA_IO_DEFAULTS.replayTopicPrefix,
    )
    .option('--topics <a,b,…>', 'replay only these topics of the recording')
    .option(
      '--keep-timestamps',
      "send the original timestamps (the target's retention may delete old records at once)",
    )
    .option(
      '--resume <replay-id>',
      'continue a replay that stopped, without writing again what it wrote',
    )
    // The default since --keep-timestamps exists; accepted so that older scripts keep working.
    .addOption(new Option('--retime').hideHelp());
  addConnectionOptions(command).action((file: string, flags: ReplayFlags) =>
    replayCommand(file, flags),
  );
}

async function replayCommand(file: string, flags: ReplayFlags): Promise<void> {
  const speed = parseSpeed(flags.speed, '--speed');
  const topics = flags.topics === undefined ? undefined : parseTopicList(flags.topics, '--topics');
  if (flags.retime && flags.keepTimestamps) {
    throw new Error('invalid options: --retime and --keep-timestamps contradict each other');
  }
  const progress = new ProgressLine(process.stderr);
  const connection = {
    ...connectionFromCli(flags, process.env),
    log: (l: string) => progress.log(l),
  };
  for (const warning of connectionWarnings(connection)) progress.log(`warning: ${warning}`);

  let plan: ReplayPlan | undefined;
  let last: ProduceProgress = { records: 0, partitions: [], waitMs: 0 };
  const show = (p: ProduceProgress, force = false): void => {
    const open = perPartition(plan, p).filter((r) => r.done < r.total);
    const wait = p.waitMs > 1000 ? ` · next record in ${(p.waitMs / 1000).toFixed(1)} s` : '';
    const earlier = resumedCount(plan);
    progress.update(
      {
        verb: 'replayed',
        records: p.records,
        partitions: open,
        note: `${earlier + p.records}/${plan?.records ?? '?'}${wait}`,
      },
      force,
    );
  };
  /** After a failure: what Kafka holds of this replay, and how to continue. */
  const reportStop = (p: ProduceProgress): void => {
    show(p, true);
    progress.done();
    const rows = perPartition(plan, p);
    const held = rows.reduce((n, r) => n + r.done, 0);
    progress.log(
      `replay ${plan!.replayId} stopped; Kafka acknowledged ${numbers.format(held)} of ` +
        `${numbers.format(plan!.records)} records` +
        (rows.length > 0 ? ', per partition:' : ''),
    );
    for (const r of rows) {
      progress.log(`  ${r.label} ${numbers.format(r.done)}/${numbers.format(r.total)}`);
    }
    progress.log(
      `to continue without duplicates, run the same command with --resume ${plan!.replayId}`,
    );
  };

  const summary = await withRedactedErrors(connection, async () => {
    try {
      return await untilInterrupted(
        (signal) =>
          runReplay(
            {
              connection,
              file,
              speed,
              topicPrefix: flags.topicPrefix,
              topics,
              keepTimestamps: flags.keepTimestamps === true,
              resume: flags.resume,
              onPlan: (p) => {
                plan = p;
                describePlan(p);
              },
              onProgress: (p) => {
                last = p;
                show(p);
              },
            },
            signal,
          ),
        () => progress.log('stopping after the records in flight (Ctrl-C again to quit at once)'),
      );
    } catch (err) {
      if (plan !== undefined) reportStop(last);
      throw err;
    }
  });

  function describePlan(p: ReplayPlan): void {
    if (p.malformed.count > 0) {
      const first = p.malformed.first.map((m) => `line ${m.line}: ${m.reason}`).join('; ');
      progress.log(`warning: ${file}: ${p.malformed.count} malformed lines skipped (${first})`);
    }
    for (const warning of p.warnings) progress.log(`warning: ${warning}`);
    const earlier = resumedCount(p);
    if (flags.resume !== undefined) {
      progress.log(
        `resuming replay ${p.replayId}: ${numbers.format(earlier)} of ${numbers.format(p.records)} ` +
          'records are already in Kafka and are skipped',
      );
    }
    progress.log(
      `replaying ${p.records - earlier} records from ${file} into ` +
        `${[...p.targets.values()].join(', ')} at ${speed === 'max' ? 'max speed' : `${speed}×`}` +
        `${flags.keepTimestamps ? ' with their original timestamps' : ''} ` +
        `(${describeConnection(connection)})`,
    );
    progress.log(`replay id: ${p.replayId} (header ${KAFKA_IO_DEFAULTS.replayHeader})`);
  }

  show({ records: summary.records, partitions: summary.partitions, waitMs: 0 }, true);
  progress.done();

  const seconds = (summary.elapsedMs / 1000).toFixed(1);
  const earlier = resumedCount(summary.plan);
  console.log(
    `replayed ${summary.records} of ${summary.plan.records} records from ${file} into ` +
      `${[...summary.plan.targets.values()].join(', ')} in ${seconds} s (replay id ${summary.plan.replayId})` +
      (earlier > 0 ? `; ${earlier} were already there from an earlier run` : '') +
      (summary.finished
        ? ''
        : ` — stopped before the end; continue with --resume ${summary.plan.replayId}`),
  );
  if (summary.nullHeaderValues > 0) {
    console.log(
      `note: ${summary.nullHeaderValues} null header values were sent as empty values ` +
        '(kafkajs 2.2.4 cannot send a null header value)',
    );
  }
}

/** Records of a plan that earlier runs wrote (`--resume`). */
function resumedCount(plan: ReplayPlan | undefined): number {
  let n = 0;
  for (const count of plan?.resumed.values() ?? []) n += count;
  return n;
}

/** Per target partition: records of the replay in Kafka (earlier runs included) and planned. */
function perPartition(
  plan: ReplayPlan | undefined,
  p: ProduceProgress,
): Array<{ label: string; done: number; total: number }> {
  const sent = new Map(p.partitions.map((s) => [`${s.topic}/${s.partition}`, s.sent]));
  const rows: Array<{ label: string; done: number; total: number }> = [];
  for (const [key, total] of plan?.perPartition ?? []) {
    const at = key.lastIndexOf('/');
    const label = `${plan!.targets.get(key.slice(0, at))}/${key.slice(at + 1)}`;
    rows.push({ label, done: (plan!.resumed.get(key) ?? 0) + (sent.get(label) ?? 0), total });
  }
  return rows;
}
