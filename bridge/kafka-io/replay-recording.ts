import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import type { KafkaRecord } from '../../formats/index.ts';
import { openRecordingFile } from '../recording/file.ts';
import { readRecording, type MalformedLine } from '../../formats/index.ts';
import { connectTo, kafkaClientConfig, type KafkaConnectionOptions } from './connection-options.ts';
import { KAFKA_IO_DEFAULTS } from './defaults.ts';
import type { Speed } from './pacing.ts';
import {
  ProduceFailed,
  produceRecords,
  type PartitionSent,
  type ProduceProgress,
  type ProduceSummary,
} from './produce-records.ts';
import { countWritten, findReplayed } from './replay-resume.ts';
import { assertNoWriteIntoReadTopics, prefixTopic } from './target-topics.ts';

/** What `tapedeck replay` does. */
export interface ReplayOptions {
  connection: KafkaConnectionOptions;
  /** Recording file (kcat `-J` NDJSON, plain or gzip). */
  file: string;
  speed: Speed;
  /** Target of topic `t` is `<topicPrefix>t`; default `replay.`. */
  topicPrefix?: string;
  /** Only these topics of the recording (default: all). */
  topics?: string[];
  /**
   * Send records with their own timestamps. By default each is stamped with the time it is sent
   * (its own kept in a `tapedeck-original-timestamp` header): retention counts from a record's
   * timestamp, and would delete old records soon after they are written.
   */
  keepTimestamps?: boolean;
  /** The value of the replay header; default a fresh UUID. */
  replayId?: string;
  /**
   * Continue replay `resume` (its id): the target partitions are read back, and the records its
   * earlier runs wrote there are not sent again.
   */
  resume?: string;
  /** Called once the recording has been scanned (and, resuming, the targets read), before sending. */
  onPlan?: (plan: ReplayPlan) => void;
  onProgress?: (progress: ProduceProgress) => void;
}

/** What a recording holds, and what the replay will write where. */
export interface ReplayPlan {
  replayId: string;
  /** Records to replay (after `topics`), including those an earlier run already wrote. */
  records: number;
  /** Source topic → target topic, for the topics replayed. */
  targets: Map<string, string>;
  /** `topic/partition` (source) → records to replay from it. */
  perPartition: Map<string, number>;
  /** `topic/partition` (source) → records an earlier run of this replay wrote (`resume`). */
  resumed: Map<string, number>;
  /** Every topic the recording names (all are treated as read topics). */
  recordingTopics: string[];
  /** The smallest timestamp among the records to replay, or null when none has one. */
  oldestTimestamp: number | null;
  malformed: { count: number; first: MalformedLine[] };
  /** What a person should know before the records go out, e.g. about retention. */
  warnings: string[];
}

/** What a replay did. */
export interface ReplaySummary extends ProduceSummary {
  plan: ReplayPlan;
}

/**
 * A replay that stopped on an error. `acknowledged` counts, per target partition, the records of
 * this replay Kafka acknowledged, earlier runs included; the message is the cause's.
 */
export class ReplayFailed extends Error {
  override readonly name = 'ReplayFailed';
  constructor(
    readonly plan: ReplayPlan,
    readonly acknowledged: readonly PartitionSent[],
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

const MALFORMED_SHOWN = 5;
const DAY_MS = 86_400_000;

/**
 * Produces a recording's records into `<prefix><topic>` with their original gaps divided by the
 * speed, keys, headers, partitions and per-partition order, stamped with the time they are sent
 * unless `keepTimestamps`. Each record gets headers naming the replay (`tapedeck-replay-id`), its
 * offset in the recording (`tapedeck-replay-offset`) and, when restamped, its own timestamp
 * (`tapedeck-original-timestamp`). The recording is scanned first: for partition counts, for the
 * totals progress shows, and to refuse — before connecting — a prefix that would write into a
 * topic the recording names, since those are the topics it was read from.
 *
 * `resume` continues a replay that stopped: each target partition is read back to the last
 * record of that replay, whose offset header says where its source partition continues, so that
 * records written before the stop — acknowledged or not — are not written twice. This relies on
 * what replay guarantees: a source partition goes to the same partition of its target, in order.
 * A failure is thrown as {@link ReplayFailed}, with the counts Kafka acknowledged.
 */
export async function runReplay(
  options: ReplayOptions,
  signal?: AbortSignal,
): Promise<ReplaySummary> {
  const prefix = options.topicPrefix ?? KAFKA_IO_DEFAULTS.replayTopicPrefix;
  const wanted = options.topics === undefined ? null : new Set(options.topics);
  if (
    options.resume !== undefined &&
    options.replayId !== undefined &&
    options.replayId !== options.resume
  ) {
    throw new Error(
      `invalid replayId: ${options.replayId} (resuming replay ${options.resume} keeps its id)`,
    );
  }
  if (options.resume !== undefined && options.resume.trim() === '') {
    throw new Error('invalid --resume: "" (expected the replay id an earlier run printed)');
  }
  const plan = await scanRecording(
    options.file,
    wanted,
    options.resume ?? options.replayId ?? randomUUID(),
  );
  if (wanted !== null) {
    const absent = [...wanted].filter((t) => !plan.recordingTopics.includes(t));
    if (absent.length > 0) {
      throw new Error(
        `invalid --topics: ${absent.join(', ')} not in ${options.file} ` +
          `(it holds ${plan.recordingTopics.join(', ') || 'no records'})`,
      );
    }
  }
  const topicFor = prefixTopic(prefix);
  assertNoWriteIntoReadTopics(plan.recordingTopics, topicFor, plan.targets.keys());
  for (const source of plan.targets.keys()) plan.targets.set(source, topicFor(source));
  if (options.keepTimestamps && plan.oldestTimestamp !== null) {
    plan.warnings.push(retentionWarning(plan.oldestTimestamp, Date.now()));
  }
  if (options.resume !== undefined) {
    plan.resumed = await alreadyWritten(options, plan, wanted, signal);
  }
  options.onPlan?.(plan);

  const partitions = new Map<string, number>();
  for (const key of plan.perPartition.keys()) {
    const { topic, partition } = splitKey(key);
    partitions.set(topic, Math.max(partitions.get(topic) ?? 0, partition + 1));
  }
  const skip = new Map(plan.resumed);
  const { replayHeader, replayOffsetHeader, originalTimestampHeader } = KAFKA_IO_DEFAULTS;
  async function* records(): AsyncGenerator<KafkaRecord> {
    for await (const batch of readRecording(openRecordingFile(options.file))) {
      for (const record of batch.records) {
        if (wanted !== null && !wanted.has(record.topic)) continue;
        const key = `${record.topic}/${record.partition}`;
        const skipped = skip.get(key);
        if (skipped !== undefined && skipped > 0) {
          skip.set(key, skipped - 1);
          continue;
        }
        const headers: Array<[string, string | null]> = [
          ...record.headers,
          [replayHeader, plan.replayId],
          [replayOffsetHeader, record.offset.toString()],
        ];
        if (!options.keepTimestamps && record.timestamp !== null) {
          headers.push([originalTimestampHeader, String(record.timestamp)]);
        }
        yield { ...record, headers };
      }
    }
  }
  try {
    const summary = await produceRecords(records(), {
      connection: options.connection,
      topicFor,
      pacing: { speed: options.speed },
      retime: !options.keepTimestamps,
      readTopics: plan.recordingTopics,
      partitions,
      signal,
      onProgress: options.onProgress,
    });
    return { ...summary, plan };
  } catch (err) {
    if (!(err instanceof ProduceFailed)) throw err;
    throw new ReplayFailed(plan, acknowledged(plan, err.partitions), err.cause);
  }
}

/**
 * Per target partition of the plan, the records of this replay Kafka holds: those earlier runs
 * wrote plus `sent` (this run's acknowledged sends, by target).
 */
export function acknowledged(plan: ReplayPlan, sent: readonly PartitionSent[]): PartitionSent[] {
  const now = new Map(sent.map((p) => [`${p.topic}/${p.partition}`, p.sent]));
  return [...plan.perPartition.keys()].map((key) => {
    const { topic, partition } = splitKey(key);
    const target = plan.targets.get(topic) ?? topic;
    return {
      topic: target,
      partition,
      sent: (plan.resumed.get(key) ?? 0) + (now.get(`${target}/${partition}`) ?? 0),
    };
  });
}

/** `--keep-timestamps`: the records may be old enough for the target's retention to delete. */
export function retentionWarning(oldest: number, now: number): string {
  const age = now - oldest;
  const ago =
    age >= DAY_MS
      ? `${(age / DAY_MS).toFixed(1)} days ago`
      : `${Math.max(0, age / 3_600_000).toFixed(1)} hours ago`;
  return (
    `--keep-timestamps: records keep their original timestamps, the oldest from ` +
    `${new Date(oldest).toISOString()} (${ago}). Kafka's retention counts from a record's ` +
    `timestamp, so a target topic whose retention.ms is shorter than that (7 days unless the ` +
    `broker or topic says otherwise) may delete them soon after they are written, without a word`
  );
}

/** `resume`: records per source partition that earlier runs of the replay wrote. */
async function alreadyWritten(
  options: ReplayOptions,
  plan: ReplayPlan,
  wanted: ReadonlySet<string> | null,
  signal: AbortSignal | undefined,
): Promise<Map<string, number>> {
  const kafka = new Kafka(kafkaClientConfig(options.connection));
  const admin = kafka.admin();
  const sourceOf = new Map<string, string>();
  for (const key of plan.perPartition.keys()) {
    const { topic, partition } = splitKey(key);
    sourceOf.set(`${plan.targets.get(topic)}/${partition}`, key);
  }
  let found;
  try {
    await connectTo(admin, options.connection);
    found = await findReplayed(
      kafka,
      admin,
      [...sourceOf.keys()].map(splitKey),
      plan.replayId,
      signal,
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  const lastWritten = new Map<string, bigint>();
  for (const [target, offset] of found) lastWritten.set(sourceOf.get(target)!, offset);
  return countWritten(options.file, wanted, lastWritten, plan.replayId);
}

async function scanRecording(
  file: string,
  wanted: ReadonlySet<string> | null,
  replayId: string,
): Promise<ReplayPlan> {
  const plan: ReplayPlan = {
    replayId,
    records: 0,
    targets: new Map(),
    perPartition: new Map(),
    resumed: new Map(),
    recordingTopics: [],
    oldestTimestamp: null,
    malformed: { count: 0, first: [] },
    warnings: [],
  };
  const topics = new Set<string>();
  for await (const batch of readRecording(openRecordingFile(file))) {
    for (const r of batch.records) {
      topics.add(r.topic);
      if (wanted !== null && !wanted.has(r.topic)) continue;
      plan.records++;
      plan.targets.set(r.topic, r.topic);
      const key = `${r.topic}/${r.partition}`;
      plan.perPartition.set(key, (plan.perPartition.get(key) ?? 0) + 1);
      if (
        r.timestamp !== null &&
        (plan.oldestTimestamp === null || r.timestamp < plan.oldestTimestamp)
      ) {
        plan.oldestTimestamp = r.timestamp;
      }
    }
    plan.malformed.count += batch.malformed.length;
    for (const m of batch.malformed) {
      if (plan.malformed.first.length < MALFORMED_SHOWN) plan.malformed.first.push(m);
    }
  }
  plan.recordingTopics = [...topics].sort();
  return plan;
}

/** `topic/partition` → its parts (topic names cannot hold `/`). */
function splitKey(key: string): { topic: string; partition: number } {
  const at = key.lastIndexOf('/');
  return { topic: key.slice(0, at), partition: Number(key.slice(at + 1)) };
}
