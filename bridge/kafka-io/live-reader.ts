import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import type { KafkaRecord } from '../../formats/index.ts';
import { KAFKA_IO_DEFAULTS } from './defaults.ts';
import { deleteThrowawayGroup } from './read-range.ts';
import { toKafkaRecord } from './record-conversion.ts';

/** Where a live read of one partition begins. */
export interface LiveStart {
  topic: string;
  partition: number;
  start: bigint;
}

/** Where a live read of one partition stands: `position` is the next offset to read. */
export interface LivePartition {
  topic: string;
  partition: number;
  position: bigint;
  /** records handed to `accept` so far */
  records: number;
  /** the partition's end offset when last seen, or null */
  high: bigint | null;
}

/** What the reader is doing; `paused` means it waits for its sink to take more. */
export type LiveReaderState = 'connecting' | 'streaming' | 'paused' | 'reconnecting' | 'stopped';

/** Offsets of one partition that were gone from Kafka when the reader got to them: `[from, to)`. */
export interface OffsetGap {
  topic: string;
  partition: number;
  from: bigint;
  /** where the read continues */
  to: bigint;
}

/** The reader's operational signals, as typed events. */
export type LiveReaderEvent =
  | { type: 'state'; state: LiveReaderState }
  | { type: 'error'; error: Error; restarting: boolean }
  | ({ type: 'gap' } & OffsetGap);

export interface LiveReaderOptions {
  /**
   * Takes records of one partition, in offset order, and returns how many of them it took (a
   * prefix). Taking fewer pauses the reader until `resume()`; the rest is read again then.
   */
  accept(records: KafkaRecord[]): number;
  onEvent?(event: LiveReaderEvent): void;
  /** The throwaway consumer group; default `tapedeck-<random>`. */
  groupId?: string;
  /** Delete the throwaway group on stop (default true). */
  deleteGroup?: boolean;
}

/**
 * Follows partitions from given offsets with no end, disturbing no consumer group: a throwaway
 * group, no offset commits, a seek to its own positions on every group join (so a consumer
 * restart after a broker outage resumes exactly where it was).
 *
 * Backpressure: records go to `accept`; when it takes fewer than offered, the reader pauses
 * its partitions (kafkajs stops fetching them) instead of buffering, and `resume()` seeks each
 * partition back to the first record not taken. Nothing is held in the reader itself.
 *
 * Gaps: when a position is no longer in the log (retention deleted it while the reader was
 * paused, reconnecting or slow), kafkajs resets the partition to the start of the log and says
 * so only in a log line. The reader notices the jump (the batch was fetched from past its
 * position) and, for a position found below the log start when end offsets are looked up,
 * skips ahead itself; either way it reports a `gap` event with the offsets lost.
 */
export class LiveReader {
  readonly groupId: string;
  /** times the consumer crashed and was restarted */
  reconnects = 0;
  private readonly parts: LivePartition[];
  private readonly byKey = new Map<string, LivePartition>();
  private consumer: Consumer | null = null;
  private admin: Admin | null = null;
  private refreshing = false;
  private paused = false;
  private stopped = false;
  private current: LiveReaderState = 'connecting';
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  /** a restart to subscribe to added partitions, while one runs */
  private adding: Promise<void> = Promise.resolve();

  constructor(
    private readonly kafka: Kafka,
    starts: readonly LiveStart[],
    private readonly options: LiveReaderOptions,
  ) {
    this.groupId = options.groupId ?? `${KAFKA_IO_DEFAULTS.groupIdPrefix}${randomUUID()}`;
    this.parts = starts.map((s) => ({
      topic: s.topic,
      partition: s.partition,
      position: s.start,
      records: 0,
      high: null,
    }));
    for (const p of this.parts) this.byKey.set(partitionKey(p.topic, p.partition), p);
  }

  /** Every partition's position, in the order given. */
  positions(): readonly LivePartition[] {
    return this.parts;
  }

  get state(): LiveReaderState {
    return this.current;
  }

  /** Starts reading; failures are reported as events and retried, never thrown. */
  async start(): Promise<void> {
    if (this.parts.length === 0) return this.setState('streaming');
    this.adding = this.runConsumer();
    await this.adding;
  }

  /**
   * Follows more partitions (of a topic created after the start, or partitions added to one):
   * the consumer is replaced by one subscribed to every topic, and the group join seeks each
   * partition to its position, so the others continue exactly where they were. Partitions
   * already followed are ignored. Failures are reported as events and retried, like `start`.
   */
  addPartitions(starts: readonly LiveStart[]): Promise<void> {
    const added = starts.filter((s) => !this.byKey.has(partitionKey(s.topic, s.partition)));
    if (added.length === 0 || this.stopped) return this.adding;
    for (const s of added) {
      const part = {
        topic: s.topic,
        partition: s.partition,
        position: s.start,
        records: 0,
        high: null,
      };
      this.parts.push(part);
      this.byKey.set(partitionKey(s.topic, s.partition), part);
    }
    this.adding = this.adding.then(async () => {
      if (this.stopped) return;
      clearTimeout(this.restartTimer);
      const old = this.consumer;
      // Cleared first: the old consumer's crash and failure handlers then leave it alone.
      this.consumer = null;
      await old?.disconnect().catch(() => undefined);
      if (!this.stopped) await this.runConsumer();
    });
    return this.adding;
  }

  /** Stops fetching: the sink is full. */
  pause(): void {
    if (this.paused || this.stopped) return;
    this.paused = true;
    this.each((topic, partitions) => this.consumer?.pause([{ topic, partitions }]));
    if (this.current === 'streaming') this.setState('paused');
  }

  /** Fetches again, from each partition's first record not yet taken. */
  resume(): void {
    if (!this.paused || this.stopped) return;
    this.paused = false;
    for (const p of this.parts) this.seek(p);
    this.each((topic, partitions) => this.consumer?.resume([{ topic, partitions }]));
    if (this.current === 'paused') this.setState('streaming');
  }

  /**
   * Looks up each partition's end offset (for lag), and its start: a position below it is
   * reported as a gap and skipped. False when Kafka did not answer.
   */
  async refreshEnds(): Promise<boolean> {
    if (this.refreshing || this.stopped) return false;
    this.refreshing = true;
    try {
      if (!this.admin) {
        this.admin = this.kafka.admin();
        await this.admin.connect();
      }
      for (const topic of new Set(this.parts.map((p) => p.topic))) {
        for (const o of await this.admin.fetchTopicOffsets(topic)) {
          const part = this.byKey.get(partitionKey(topic, o.partition));
          if (!part || this.stopped) continue;
          part.high = BigInt(o.high);
          // Gone already: report it now rather than when (if ever) a record follows the reset.
          if (BigInt(o.low) > part.position) {
            this.skipTo(part, BigInt(o.low));
            this.seek(part);
          }
        }
      }
      return true;
    } catch {
      return false;
    } finally {
      this.refreshing = false;
    }
  }

  /** Stops for good: disconnects and deletes the throwaway group. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.restartTimer);
    this.setState('stopped');
    const consumer = this.consumer;
    this.consumer = null;
    await consumer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    if (this.options.deleteGroup !== false) await deleteThrowawayGroup(this.kafka, this.groupId);
  }

  private async runConsumer(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: KAFKA_IO_DEFAULTS.liveMaxWaitMs,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
        for (const partition of partitions) {
          const part = this.byKey.get(partitionKey(topic, partition));
          // A partition added since the last (re)start is followed after `addPartitions`.
          if (!part || this.paused) consumer.pause([{ topic, partitions: [partition] }]);
          if (part) this.seek(part);
        }
      }
      this.setState(this.paused ? 'paused' : 'streaming');
    });
    // Batches of only control records (transaction markers) never reach eachBatch, but move
    // the position; this event reports them.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const part = this.byKey.get(partitionKey(payload.topic, payload.partition));
      if (!part || this.paused || payload.batchSize !== 0) return;
      const next = BigInt(payload.lastOffset) + 1n;
      if (next > part.position) part.position = next;
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.stopped || consumer !== this.consumer) return;
      this.reconnects++;
      this.setState('reconnecting');
      this.options.onEvent?.({ type: 'error', error: payload.error, restarting: true });
      if (!payload.restart) this.restartLater(consumer);
    });

    try {
      await consumer.connect();
      // Every position is sought on join; `fromBeginning` only decides where kafkajs resets a
      // position that is gone: to the start of the log, so only the deleted offsets are lost.
      await consumer.subscribe({
        topics: [...new Set(this.parts.map((p) => p.topic))],
        fromBeginning: true,
      });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset }) => {
          const part = this.byKey.get(partitionKey(batch.topic, batch.partition));
          if (!part || this.paused || this.stopped) return;
          part.high = BigInt(batch.highWatermark);
          // kafkajs 2.2.4 fetches from the offset it resolved, which is our position, unless it
          // reset a position that was out of range; the Batch keeps the offset it fetched from
          // (not in its typings). Compaction and control records move only the first message.
          const fetched = (batch as { fetchedOffset?: unknown }).fetchedOffset;
          if (fetched !== undefined && BigInt(String(fetched)) > part.position) {
            this.skipTo(part, BigInt(String(fetched)));
          }
          const records: KafkaRecord[] = [];
          for (const message of batch.messages) {
            // Re-delivered after a rejoin or a resume: already taken.
            if (BigInt(message.offset) < part.position) continue;
            records.push(toKafkaRecord(batch.topic, batch.partition, message));
          }
          const taken = records.length === 0 ? 0 : this.options.accept(records);
          part.records += taken;
          if (taken < records.length) {
            part.position = records[taken]!.offset;
            if (taken > 0) resolveOffset(String(records[taken - 1]!.offset));
            this.pause();
            return;
          }
          const next = BigInt(batch.lastOffset()) + 1n;
          if (next > part.position) part.position = next;
          resolveOffset(batch.lastOffset());
        },
      });
    } catch (err) {
      if (this.stopped || consumer !== this.consumer) return;
      this.reconnects++;
      this.setState('reconnecting');
      const error = err instanceof Error ? err : new Error(String(err));
      this.options.onEvent?.({ type: 'error', error, restarting: true });
      this.restartLater(consumer);
    }
  }

  /** Moves a partition past offsets Kafka no longer has, and says which. */
  private skipTo(part: LivePartition, to: bigint): void {
    const from = part.position;
    part.position = to;
    this.options.onEvent?.({ type: 'gap', topic: part.topic, partition: part.partition, from, to });
  }

  /** kafkajs gave up on this consumer: a new one, after a pause, from the same positions. */
  private restartLater(consumer: Consumer): void {
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      void consumer
        .disconnect()
        .catch(() => undefined)
        .then(() => {
          if (!this.stopped && consumer === this.consumer) return this.runConsumer();
        });
    }, KAFKA_IO_DEFAULTS.liveRestartDelayMs);
  }

  private seek(part: LivePartition): void {
    try {
      this.consumer?.seek({
        topic: part.topic,
        partition: part.partition,
        offset: part.position.toString(),
      });
    } catch {
      // Not running yet: the next group join seeks.
    }
  }

  /** Calls `fn` per topic with its partitions; errors (consumer not running yet) are ignored. */
  private each(fn: (topic: string, partitions: number[]) => void): void {
    const byTopic = new Map<string, number[]>();
    for (const p of this.parts)
      byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
    for (const [topic, partitions] of byTopic) {
      try {
        fn(topic, partitions);
      } catch {
        // Not running yet: the group join applies the pause.
      }
    }
  }

  private setState(state: LiveReaderState): void {
    if (this.current === state || (this.stopped && state !== 'stopped')) return;
    this.current = state;
    this.options.onEvent?.({ type: 'state', state });
  }
}

function partitionKey(topic: string, partition: number): string {
  return `${partition}\u0000${topic}`;
}
