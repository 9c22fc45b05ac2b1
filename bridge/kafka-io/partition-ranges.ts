import type { Admin } from 'kafkajs';
import type { TimePoint } from './time-point.ts';

/** The offsets to read from one partition: `[start, end)`. */
export interface PartitionRange {
  topic: string;
  partition: number;
  start: bigint;
  end: bigint;
}

/**
 * Looks up, per partition of each topic, the offsets a time range covers, as the log stands now:
 * `earliest` is the oldest offset still kept, `latest` the end of the log, and an instant the first
 * record whose timestamp is at or after it (Kafka's ListOffsets by timestamp; the end of the log
 * when there is none). The range is by offset, as kcat's `-o s@… -o e@…`: in a partition whose
 * timestamps go backwards, a record between the two offsets is kept whatever its timestamp.
 */
export async function resolvePartitionRanges(
  admin: Admin,
  topics: readonly string[],
  from: TimePoint,
  to: TimePoint,
): Promise<PartitionRange[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length > 0) {
    throw new Error(
      `topic not found: ${missing.map((t) => JSON.stringify(t)).join(', ')} ` +
        `(the cluster has ${existing.size} topics; check --topics)`,
    );
  }
  const ranges: PartitionRange[] = [];
  for (const topic of topics) {
    const bounds = await admin.fetchTopicOffsets(topic);
    const lookup = async (point: TimePoint): Promise<Map<number, bigint>> => {
      if (point.kind !== 'time') {
        return new Map(
          bounds.map((b) => [b.partition, BigInt(point.kind === 'earliest' ? b.low : b.high)]),
        );
      }
      const found = await admin.fetchTopicOffsetsByTimestamp(topic, point.ms);
      return new Map(found.map((f) => [f.partition, BigInt(f.offset)]));
    };
    const starts = await lookup(from);
    const ends = await lookup(to);
    for (const b of bounds.sort((x, y) => x.partition - y.partition)) {
      const low = BigInt(b.low);
      const high = BigInt(b.high);
      // Records may have been deleted by retention between the lookups; never read below `low`.
      const start = clamp(starts.get(b.partition) ?? high, low, high);
      const end = clamp(ends.get(b.partition) ?? high, start, high);
      ranges.push({ topic, partition: b.partition, start, end });
    }
  }
  return ranges;
}

function clamp(value: bigint, low: bigint, high: bigint): bigint {
  return value < low ? low : value > high ? high : value;
}

/** Total records the ranges span (an upper bound: compaction and transactions leave gaps). */
export function rangeSize(ranges: readonly PartitionRange[]): bigint {
  let total = 0n;
  for (const r of ranges) total += r.end - r.start;
  return total;
}
