import type { Admin } from 'kafkajs';
import { resolvePartitionRanges } from '../kafka-io/partition-ranges.ts';
import type { LiveStart, OffsetGap } from '../kafka-io/live-reader.ts';
import type { TimePoint } from '../kafka-io/time-point.ts';
import type { PartitionResume, WireError } from '../../formats/index.ts';
import { ALL_TOPICS, selectTopics, type TopicSelector } from './topic-selector.ts';

/** Where a session's partitions start, and what could not be resumed exactly. */
export interface LiveStarts {
  topics: string[];
  starts: LiveStart[];
  /** partitions that continue from the client's positions */
  resumed: number;
  /** resume positions that are no longer in the log (deleted): the offsets skipped */
  gaps: OffsetGap[];
  /** resume positions past the end of the log, as errors to report */
  warnings: WireError[];
}

/**
 * The topics to stream: those `--topics` selects (see {@link TopicSelector}); by default every
 * topic whose name does not begin with `_` (Kafka's `__consumer_offsets`, `__transaction_state`,
 * Confluent's `_schemas`, `_confluent-…`). Plain names are listed as given, existing or not.
 */
export async function liveTopics(admin: Admin, selector: TopicSelector | null): Promise<string[]> {
  const chosen = selector ?? ALL_TOPICS;
  if (!chosen.open) return [...chosen.names];
  return selectTopics(chosen, await admin.listTopics());
}

/**
 * The topics a live stream would read now, failing with the missing names when a named topic
 * does not exist: a check before the server starts.
 */
export async function checkLiveTopics(
  admin: Admin,
  selector: TopicSelector | null,
): Promise<string[]> {
  const topics = await liveTopics(admin, selector);
  if (selector === null) return topics;
  const existing = new Set(await admin.listTopics());
  const missing = selector.names.filter((t) => !existing.has(t));
  if (missing.length > 0) {
    throw new Error(
      `topic not found: ${missing.map((t) => JSON.stringify(t)).join(', ')} ` +
        `(the cluster has ${existing.size} topics; check --topics)`,
    );
  }
  return topics;
}

/**
 * Start offsets per partition: the client's `resume` position where it has one (clamped into
 * the log as it stands: a position below its start as a gap, one past its end as a warning), else
 * the offset of `from` looked up by timestamp now.
 */
export async function resolveLiveStarts(
  admin: Admin,
  named: TopicSelector | null,
  from: TimePoint,
  resume: readonly PartitionResume[] = [],
): Promise<LiveStarts> {
  const topics = await liveTopics(admin, named);
  const ranges = await resolvePartitionRanges(admin, topics, from, { kind: 'latest' });
  const wanted = new Map(resume.map((r) => [`${r.partition}\u0000${r.topic}`, BigInt(r.next)]));
  const bounds = new Map<string, { low: bigint; high: bigint }>();
  for (const topic of new Set(resume.map((r) => r.topic))) {
    if (!topics.includes(topic)) continue;
    for (const b of await admin.fetchTopicOffsets(topic)) {
      bounds.set(`${b.partition}\u0000${topic}`, { low: BigInt(b.low), high: BigInt(b.high) });
    }
  }
  const starts: LiveStart[] = [];
  const gaps: OffsetGap[] = [];
  const warnings: WireError[] = [];
  let resumed = 0;
  for (const r of ranges) {
    const key = `${r.partition}\u0000${r.topic}`;
    const next = wanted.get(key);
    const bound = bounds.get(key);
    if (next === undefined || bound === undefined) {
      starts.push({ topic: r.topic, partition: r.partition, start: r.start });
      continue;
    }
    resumed++;
    const where = `topic ${JSON.stringify(r.topic)} partition ${r.partition}`;
    let start = next;
    if (next < bound.low) {
      start = bound.low;
      gaps.push({ topic: r.topic, partition: r.partition, from: next, to: bound.low });
    } else if (next > bound.high) {
      start = bound.high;
      warnings.push({
        code: 'offset-gap',
        message: `${where}: resume offset ${next} is past the end ${bound.high} (topic recreated?); continuing from the end`,
      });
    }
    starts.push({ topic: r.topic, partition: r.partition, start });
  }
  return { topics, starts, resumed, gaps, warnings };
}

/** What a person reads about a gap: which partition, which offsets, and why. */
export function describeGap(gap: OffsetGap): string {
  const where = `topic ${JSON.stringify(gap.topic)} partition ${gap.partition}`;
  const count = gap.to - gap.from;
  return (
    `${where}: offsets ${gap.from}–${gap.to - 1n} (${count} ${count === 1n ? 'offset' : 'offsets'}) ` +
    'were deleted (retention) before they were read'
  );
}
