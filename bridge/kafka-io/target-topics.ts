import type { Admin } from 'kafkajs';
import { KAFKA_IO_DEFAULTS } from './defaults.ts';

/** `replay.` by default: where replayed records of topic `t` go is `<prefix>t`. */
export function prefixTopic(prefix: string): (topic: string) => string {
  return (topic) => `${prefix}${topic}`;
}

/**
 * Refuses a write plan that would put records of `sources` (default: the read topics themselves)
 * into a topic that is being read: names the topics and says how to avoid it. With an empty
 * prefix every source is its own target.
 */
export function assertNoWriteIntoReadTopics(
  readTopics: Iterable<string>,
  topicFor: (topic: string) => string,
  sources: Iterable<string> = readTopics,
): void {
  const read = new Set(readTopics);
  const clashes = [...new Set(sources)]
    .filter((t) => read.has(topicFor(t)))
    .map((t) => `${t} → ${topicFor(t)}`);
  if (clashes.length > 0) {
    throw new Error(
      `refusing to write into a topic that is being read (${clashes.join(', ')}): ` +
        `replaying into the source would mix copies into the original stream. ` +
        `Choose a --topic-prefix (default "${KAFKA_IO_DEFAULTS.replayTopicPrefix}") that gives every topic a new name`,
    );
  }
}

const LEGAL_TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;

/** Kafka's own topic-name rule, checked before asking the broker, so the error names the topic. */
export function checkTopicName(topic: string): void {
  if (!LEGAL_TOPIC.test(topic) || topic === '.' || topic === '..') {
    throw new Error(
      `invalid target topic "${topic}": Kafka topic names are 1–249 characters of a–z, A–Z, 0–9, '.', '_', '-'`,
    );
  }
}

/**
 * The topics records are written to: each is checked against the read topics, created when
 * missing (with at least the partitions the records need), and grown when this run created it
 * and a record needs a partition it lacks. A topic that existed before with too few partitions
 * is an error: adding partitions to someone's topic would move their keys.
 */
export class TargetTopics {
  private readonly targets = new Map<string, string>();
  private readonly known = new Map<string, { partitions: number; created: boolean }>();
  private existing: Set<string> | null = null;

  constructor(
    private readonly admin: Admin,
    private readonly topicFor: (topic: string) => string,
    private readonly readTopics: ReadonlySet<string>,
    private readonly partitionsNeeded: ReadonlyMap<string, number> = new Map(),
  ) {}

  /** The target of a source topic (checked once per source). */
  target(source: string): string {
    let target = this.targets.get(source);
    if (target === undefined) {
      target = this.topicFor(source);
      checkTopicName(target);
      assertNoWriteIntoReadTopics(this.readTopics, this.topicFor, [source]);
      this.targets.set(source, target);
    }
    return target;
  }

  /** True when a record of `source` at `partition` can be sent without an admin call. */
  isReady(source: string, partition: number): boolean {
    const target = this.targets.get(source);
    const entry = target === undefined ? undefined : this.known.get(target);
    return entry !== undefined && partition < entry.partitions;
  }

  /**
   * Makes sure the target of `source` exists with a partition `partition`. Resolves to true when
   * it added partitions, so that the caller refreshes its producer's metadata.
   */
  async ensure(source: string, partition: number): Promise<boolean> {
    const target = this.target(source);
    const needed = Math.max(partition + 1, this.partitionsNeeded.get(source) ?? 0);
    let entry = this.known.get(target);
    if (entry === undefined) {
      this.existing ??= new Set(await this.admin.listTopics());
      if (this.existing.has(target)) {
        const meta = await this.admin.fetchTopicMetadata({ topics: [target] });
        entry = { partitions: meta.topics[0]?.partitions.length ?? 0, created: false };
      } else {
        await this.admin.createTopics({
          topics: [{ topic: target, numPartitions: needed }],
          waitForLeaders: true,
        });
        this.existing.add(target);
        entry = { partitions: needed, created: true };
      }
      this.known.set(target, entry);
    }
    if (entry.partitions >= needed) return false;
    if (!entry.created) {
      throw new Error(
        `target topic ${target} has ${entry.partitions} partitions but ${source} needs partition ` +
          `${needed - 1}: delete ${target} or choose another --topic-prefix`,
      );
    }
    await this.admin.createPartitions({
      topicPartitions: [{ topic: target, count: needed }],
      validateOnly: false,
    });
    entry.partitions = needed;
    return true;
  }
}
