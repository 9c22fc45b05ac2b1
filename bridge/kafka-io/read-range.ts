import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { KafkaRecord } from '../../formats/index.ts';
import { BatchQueue } from './batch-queue.ts';
import { KAFKA_IO_DEFAULTS } from './defaults.ts';
import type { PartitionRange } from './partition-ranges.ts';
import { toKafkaRecord } from './record-conversion.ts';

/** Where the read of one partition stands: `position` is the next offset to read. */
export interface PartitionPosition extends PartitionRange {
  position: bigint;
  /** Records delivered from this partition so far. */
  records: number;
}

/** Options for {@link readRanges}. */
export interface ReadRangesOptions {
  /** Stops the read: records already read are still delivered, then the iteration ends. */
  signal?: AbortSignal;
  /** The throwaway consumer group; default `tapedeck-<random>`. */
  groupId?: string;
  /** Delete the throwaway group when done (default true); tests keep it to inspect it. */
  deleteGroup?: boolean;
  /** Called after each batch read, with every partition's position. */
  onProgress?: (positions: readonly PartitionPosition[]) => void;
}

/**
 * Reads every partition's `[start, end)` offsets, as batches in per-partition offset order, then
 * stops — disturbing no one's consumer group: it joins a group of its own (`tapedeck-<random>`),
 * never commits an offset (autoCommit off, and kafkajs's seek commits nothing then), seeks each
 * partition on every group join (so a rejoin resumes where it was), pauses each partition once it
 * reaches its end, and deletes the group afterwards.
 *
 * Reads committed records only (kafkajs's default), which matches the end offsets kafkajs's admin
 * looks up (the last stable offset): records of a transaction still open at start are left out.
 */
export class RangeReader implements AsyncIterable<KafkaRecord[]> {
  readonly groupId: string;
  private readonly parts: PartitionPosition[];
  private readonly byKey = new Map<string, PartitionPosition>();
  private ended = false;

  constructor(
    private readonly kafka: Kafka,
    ranges: readonly PartitionRange[],
    private readonly options: ReadRangesOptions = {},
  ) {
    this.groupId = options.groupId ?? `${KAFKA_IO_DEFAULTS.groupIdPrefix}${randomUUID()}`;
    this.parts = ranges.map((r) => ({ ...r, position: r.start, records: 0 }));
    for (const p of this.parts) this.byKey.set(partitionKey(p.topic, p.partition), p);
  }

  /** Every partition's position, in the order the ranges were given. */
  positions(): readonly PartitionPosition[] {
    return this.parts;
  }

  /** True once every partition reached its end offset (false if the read was stopped early). */
  get reachedEnd(): boolean {
    return this.ended || this.parts.every((p) => p.position >= p.end);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<KafkaRecord[]> {
    const { signal } = this.options;
    let remaining = this.parts.filter((p) => p.position < p.end).length;
    if (remaining === 0 || signal?.aborted) return;

    const queue = new BatchQueue<KafkaRecord[]>(KAFKA_IO_DEFAULTS.readAheadBatches);
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 1000,
    });
    const pause = (topic: string, partition: number): void =>
      consumer.pause([{ topic, partitions: [partition] }]);
    const advance = (part: PartitionPosition, lastOffset: string): void => {
      const next = BigInt(lastOffset) + 1n;
      const capped = next > part.end ? part.end : next;
      if (capped > part.position) part.position = capped;
      if (part.position >= part.end && remaining > 0) {
        pause(part.topic, part.partition);
        remaining = this.parts.filter((p) => p.position < p.end).length;
        if (remaining === 0) {
          this.ended = true;
          queue.close();
        }
      }
    };

    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
        for (const partition of partitions) {
          const part = this.byKey.get(partitionKey(topic, partition));
          if (part === undefined || part.position >= part.end) pause(topic, partition);
          else consumer.seek({ topic, partition, offset: part.position.toString() });
        }
      }
    });
    // Batches of only control records (transaction markers) never reach eachBatch, but move the
    // position; this event reports them.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const part = this.byKey.get(partitionKey(payload.topic, payload.partition));
      if (part !== undefined && !queue.isClosed) advance(part, payload.lastOffset);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) queue.fail(payload.error);
    });
    const onAbort = (): void => queue.close();
    signal?.addEventListener('abort', onAbort);

    try {
      await consumer.connect();
      if (queue.isClosed) return;
      const topics = [...new Set(this.parts.filter((p) => p.position < p.end).map((p) => p.topic))];
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const part = this.byKey.get(partitionKey(batch.topic, batch.partition));
          if (part === undefined || part.position >= part.end || queue.isClosed) return;
          const records: KafkaRecord[] = [];
          for (const message of batch.messages) {
            const offset = BigInt(message.offset);
            // Re-delivered after a rejoin, or past the end: not ours to keep.
            if (offset < part.position) continue;
            if (offset >= part.end) break;
            records.push(toKafkaRecord(batch.topic, batch.partition, message));
          }
          if (records.length > 0 && !(await queue.push(records))) return;
          part.records += records.length;
          advance(part, batch.lastOffset());
          this.options.onProgress?.(this.parts);
        },
      });
      for (;;) {
        const batch = await queue.next();
        if (batch === null) break;
        yield batch;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      queue.close();
      await consumer.disconnect();
      if (this.options.deleteGroup !== false) await deleteThrowawayGroup(this.kafka, this.groupId);
    }
  }
}

/**
 * Deletes a reader's throwaway group. Best effort: a cluster may forbid deleting groups; an
 * empty group expires on its own.
 */
export async function deleteThrowawayGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } catch {
    // Nothing to undo: the group holds no offsets either way.
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function partitionKey(topic: string, partition: number): string {
  return `${partition}\u0000${topic}`;
}
