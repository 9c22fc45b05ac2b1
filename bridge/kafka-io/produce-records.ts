import { Kafka, Partitioners, type Message, type Producer, type TopicMessages } from 'kafkajs';
import type { KafkaRecord } from '../../formats/index.ts';
import { connectTo, kafkaClientConfig, type KafkaConnectionOptions } from './connection-options.ts';
import { KAFKA_IO_DEFAULTS } from './defaults.ts';
import { checkPacing, dueAt, LaneMerge, type Pacing } from './pacing.ts';
import { PullAhead } from './pull-ahead.ts';
import { approximateSize, toKafkaMessage, type MessageNotes } from './record-conversion.ts';
import { TargetTopics } from './target-topics.ts';

/** Records sent so far to one target partition. */
export interface PartitionSent {
  topic: string;
  partition: number;
  sent: number;
}

/** Progress of {@link produceRecords}. */
export interface ProduceProgress {
  records: number;
  partitions: readonly PartitionSent[];
  /** While pacing holds the next record back: how long until it is due, else 0. */
  waitMs: number;
}

/** Options for {@link produceRecords}. */
export interface ProduceRecordsOptions {
  connection: KafkaConnectionOptions;
  /** The target topic of each source topic, e.g. `(t) => 'replay.' + t`. */
  topicFor(topic: string): string;
  pacing: Pacing;
  /** Headers appended to every record, e.g. `[['tapedeck-replay-id', id]]`. */
  extraHeaders?: ReadonlyArray<readonly [string, string]>;
  /** Stamp records with the time they are sent instead of their own timestamp. */
  retime?: boolean;
  /** Topics being read: writing into any of them is refused. */
  readTopics?: Iterable<string>;
  /** Partitions each source topic needs, when known in advance (created targets get at least these). */
  partitions?: ReadonlyMap<string, number>;
  signal?: AbortSignal;
  onProgress?: (progress: ProduceProgress) => void;
}

/** What {@link produceRecords} did. */
export interface ProduceSummary {
  records: number;
  partitions: readonly PartitionSent[];
  /** False when stopped by the signal before the records ran out. */
  finished: boolean;
  /** Header values that were null and went out empty (kafkajs 2.2.4 cannot send null). */
  nullHeaderValues: number;
  elapsedMs: number;
}

/**
 * A {@link produceRecords} run that stopped on an error, with what Kafka acknowledged before it.
 * Records of the request that failed may or may not have been written: only a read of the target
 * tells (see `tapedeck replay --resume`). The message is the cause's.
 */
export class ProduceFailed extends Error {
  override readonly name = 'ProduceFailed';
  constructor(
    readonly records: number,
    readonly partitions: readonly PartitionSent[],
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/**
 * Produces records into Kafka, each to its own partition of `topicFor(topic)`, keeping keys,
 * values, headers (plus `extraHeaders`) and timestamps (unless `retime`), paced by their
 * timestamps: original gaps divided by the speed, or against the wall clock when realtime.
 * Partitions are merged into timestamp order as far as a bounded look-ahead reaches; each
 * partition's own order is kept exactly (idempotent producer, one request in flight, each send
 * acknowledged before the next). Missing target topics are created. A failure is thrown as
 * {@link ProduceFailed}, counting per partition the records acknowledged before it.
 */
export async function produceRecords(
  records: AsyncIterable<KafkaRecord> | Iterable<KafkaRecord>,
  options: ProduceRecordsOptions,
): Promise<ProduceSummary> {
  checkPacing(options.pacing);
  const started = Date.now();
  const { signal } = options;
  const kafka = new Kafka(kafkaClientConfig(options.connection));
  const admin = kafka.admin();
  const newProducer = (): Producer =>
    kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  let producer = newProducer();
  const targets = new TargetTopics(
    admin,
    options.topicFor,
    new Set(options.readTopics ?? []),
    options.partitions,
  );
  const notes: MessageNotes = { nullHeaderValues: 0 };
  const sent = new Map<string, PartitionSent>();
  let total = 0;
  const report = (waitMs: number): void =>
    options.onProgress?.({ records: total, partitions: [...sent.values()], waitMs });

  const merge = new LaneMerge();
  const source = new PullAhead(records);
  let exhausted = false;
  let anchor: { wall: number; ts: number } | null = null;

  try {
    await connectTo(admin, options.connection);
    await producer.connect();
    while (!signal?.aborted) {
      while (
        !exhausted &&
        merge.count < KAFKA_IO_DEFAULTS.lookaheadRecords &&
        merge.bytes < KAFKA_IO_DEFAULTS.lookaheadBytes
      ) {
        // With records in hand, wait for more only until the first of them is due; before the
        // clock is anchored, a short grace gathers the earliest records; with none, poll, so
        // that an abort is seen even while a live source is quiet.
        const withinMs =
          merge.count === 0
            ? KAFKA_IO_DEFAULTS.maxPacingSleepMs
            : anchor === null
              ? KAFKA_IO_DEFAULTS.anchorGraceMs
              : dueAt(merge.peek()!.record.timestamp, options.pacing, anchor) - Date.now();
        const next = await source.pull(withinMs);
        if (next === 'timeout') {
          if (merge.count === 0 && !signal?.aborted) continue;
          break;
        }
        if (next.done) {
          exhausted = true;
          break;
        }
        const record = next.value;
        if (!targets.isReady(record.topic, record.partition)) {
          if (await targets.ensure(record.topic, record.partition)) {
            // kafkajs silently skips partitions missing from its metadata: start afresh.
            await producer.disconnect();
            producer = newProducer();
            await producer.connect();
          }
        }
        merge.add(record, approximateSize(record));
      }
      if (merge.count === 0) break;
      anchor ??= { wall: Date.now(), ts: merge.minTimestamp() ?? 0 };

      const due = dueAt(merge.peek()!.record.timestamp, options.pacing, anchor);
      const wait = due - Date.now();
      if (wait > 0) {
        report(wait);
        await sleep(Math.min(wait, KAFKA_IO_DEFAULTS.maxPacingSleepMs), signal);
        continue;
      }
      const batch = takeDue(merge, options.pacing, anchor);
      const messages = batch.map((r) => ({
        record: r,
        target: targets.target(r.topic),
        message: toKafkaMessage(
          r,
          options.extraHeaders ?? [],
          notes,
          options.retime ? Date.now() : undefined,
        ),
      }));
      await sendInOrder(producer, messages);
      for (const { target, record } of messages) {
        const key = `${record.partition}\u0000${target}`;
        const entry = sent.get(key) ?? { topic: target, partition: record.partition, sent: 0 };
        entry.sent++;
        sent.set(key, entry);
      }
      total += batch.length;
      report(0);
    }
  } catch (err) {
    throw new ProduceFailed(
      total,
      [...sent.values()].map((p) => ({ ...p })),
      err,
    );
  } finally {
    // With the broker gone these may fail too; the first error is the one to report.
    await source.close().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
  return {
    records: total,
    partitions: [...sent.values()],
    finished: merge.count === 0 && exhausted,
    nullHeaderValues: notes.nullHeaderValues,
    elapsedMs: Date.now() - started,
  };
}

/**
 * The records due now, in the merged order, up to one request's worth. A request carries one
 * record batch per partition and the broker limits a batch's size (max.message.bytes, 1 MB by
 * default), so a partition's share is capped too; a record bigger than the cap goes alone.
 */
function takeDue(
  merge: LaneMerge,
  pacing: Pacing,
  anchor: { wall: number; ts: number },
): KafkaRecord[] {
  const batch: KafkaRecord[] = [];
  const partitionBytes = new Map<string, number>();
  let bytes = 0;
  const now = Date.now();
  while (
    batch.length < KAFKA_IO_DEFAULTS.sendBatchRecords &&
    bytes < KAFKA_IO_DEFAULTS.sendBatchBytes
  ) {
    const next = merge.peek();
    if (next === undefined) break;
    const { record: head, size } = next;
    if (batch.length > 0 && dueAt(head.timestamp, pacing, anchor) > now) break;
    const key = `${head.partition}\u0000${head.topic}`;
    const share = partitionBytes.get(key);
    if (share !== undefined && share + size > KAFKA_IO_DEFAULTS.partitionBatchBytes) break;
    merge.shift();
    batch.push(head);
    partitionBytes.set(key, (share ?? 0) + size);
    bytes += size;
  }
  return batch;
}

/**
 * One acknowledged request for the batch. kafkajs drops messages for partitions it has no
 * metadata for without an error, so every partition sent to must come back in the response.
 */
async function sendInOrder(
  producer: Producer,
  messages: ReadonlyArray<{ target: string; message: Message }>,
): Promise<void> {
  const byTopic = new Map<string, Message[]>();
  for (const { target, message } of messages) {
    let list = byTopic.get(target);
    if (list === undefined) byTopic.set(target, (list = []));
    list.push(message);
  }
  const topicMessages: TopicMessages[] = [...byTopic].map(([topic, list]) => ({
    topic,
    messages: list,
  }));
  const acks = await producer.sendBatch({ topicMessages, acks: -1 });
  const acked = new Set(acks.map((a) => `${a.partition}\u0000${a.topicName}`));
  for (const { target, message } of messages) {
    if (!acked.has(`${message.partition}\u0000${target}`)) {
      throw new Error(
        `record for ${target}/${message.partition} was not acknowledged by the broker`,
      );
    }
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
