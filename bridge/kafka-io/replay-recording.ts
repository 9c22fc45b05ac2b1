import { randomUUID } from 'node:crypto';
import type { KafkaRecord } from '../../formats/index.ts';
import { openRecordingFile } from '../recording/file.ts';
import { readRecording, type MalformedLine } from '../../formats/index.ts';
import type { KafkaConnectionOptions } from './connection-options.ts';
import { KAFKA_IO_DEFAULTS } from './defaults.ts';
import type { Speed } from './pacing.ts';
import { produceRecords, type ProduceProgress, type ProduceSummary } from './produce-records.ts';
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
  /** Stamp records with the time they are sent instead of their own timestamps. */
  retime?: boolean;
  /** The value of the replay header; default a fresh UUID. */
  replayId?: string;
  /** Called once the recording has been scanned, before anything is sent. */
  onPlan?: (plan: ReplayPlan) => void;
  onProgress?: (progress: ProduceProgress) => void;
}

/** What a recording holds, and what the replay will write where. */
export interface ReplayPlan {
  replayId: string;
  /** Records to replay (after `topics`). */
  records: number;
  /** Source topic → target topic, for the topics replayed. */
  targets: Map<string, string>;
  /** `topic/partition` (source) → records to replay from it. */
  perPartition: Map<string, number>;
  /** Every topic the recording names (all are treated as read topics). */
  recordingTopics: string[];
  malformed: { count: number; first: MalformedLine[] };
}

/** What a replay did. */
export interface ReplaySummary extends ProduceSummary {
  plan: ReplayPlan;
}

const MALFORMED_SHOWN = 5;

/**
 * Produces a recording's records into `<prefix><topic>` with their original gaps divided by the
 * speed, keys, headers (plus `tapedeck-replay-id`), partitions, per-partition order and (unless
 * `retime`) timestamps. The recording is scanned first: for partition counts, for the totals
 * progress shows, and to refuse — before connecting — a prefix that would write into a topic the
 * recording names, since those are the topics it was read from.
 */
export async function runReplay(
  options: ReplayOptions,
  signal?: AbortSignal,
): Promise<ReplaySummary> {
  const prefix = options.topicPrefix ?? KAFKA_IO_DEFAULTS.replayTopicPrefix;
  const wanted = options.topics === undefined ? null : new Set(options.topics);
  const plan = await scanRecording(options.file, wanted, options.replayId ?? randomUUID());
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
  options.onPlan?.(plan);

  const partitions = new Map<string, number>();
  for (const key of plan.perPartition.keys()) {
    const at = key.lastIndexOf('/');
    const topic = key.slice(0, at);
    partitions.set(topic, Math.max(partitions.get(topic) ?? 0, Number(key.slice(at + 1)) + 1));
  }
  async function* records(): AsyncGenerator<KafkaRecord> {
    for await (const batch of readRecording(openRecordingFile(options.file))) {
      for (const record of batch.records) {
        if (wanted === null || wanted.has(record.topic)) yield record;
      }
    }
  }
  const summary = await produceRecords(records(), {
    connection: options.connection,
    topicFor,
    pacing: { speed: options.speed },
    extraHeaders: [[KAFKA_IO_DEFAULTS.replayHeader, plan.replayId]],
    retime: options.retime,
    readTopics: plan.recordingTopics,
    partitions,
    signal,
    onProgress: options.onProgress,
  });
  return { ...summary, plan };
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
    recordingTopics: [],
    malformed: { count: 0, first: [] },
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
    }
    plan.malformed.count += batch.malformed.length;
    for (const m of batch.malformed) {
      if (plan.malformed.first.length < MALFORMED_SHOWN) plan.malformed.first.push(m);
    }
  }
  plan.recordingTopics = [...topics].sort();
  return plan;
}
