import type { PartitionStats } from '../../engine/index.ts';

/** The per-record fault counts a partition or topic has. */
export type FaultCounts = Pick<
  PartitionStats,
  | 'malformed'
  | 'tombstones'
  | 'binary'
  | 'noTimestamp'
  | 'outOfOrder'
  | 'invalidUtf8'
  | 'duplicates'
  | 'outliers'
>;

/** Counts of one topic, summed over its partitions, with the partitions by number. */
export interface TopicStats extends FaultCounts {
  topic: string;
  partitions: number;
  records: number;
  parts: PartitionStats[];
}

/** Per-topic sums of partition stats, topics in order of first appearance. */
export function topicStats(partitions: readonly PartitionStats[]): TopicStats[] {
  const byTopic = new Map<string, TopicStats>();
  for (const p of partitions) {
    let t = byTopic.get(p.topic);
    if (!t) {
      t = {
        topic: p.topic,
        partitions: 0,
        records: 0,
        malformed: 0,
        tombstones: 0,
        binary: 0,
        noTimestamp: 0,
        outOfOrder: 0,
        invalidUtf8: 0,
        duplicates: 0,
        outliers: 0,
        parts: [],
      };
      byTopic.set(p.topic, t);
    }
    t.partitions += 1;
    t.records += p.records;
    t.malformed += p.malformed;
    t.tombstones += p.tombstones;
    t.binary += p.binary;
    t.noTimestamp += p.noTimestamp;
    t.outOfOrder += p.outOfOrder;
    t.invalidUtf8 += p.invalidUtf8;
    t.duplicates += p.duplicates;
    t.outliers += p.outliers;
    t.parts.push(p);
  }
  const topics = [...byTopic.values()];
  for (const t of topics) t.parts.sort((a, b) => a.partition - b.partition);
  return topics;
}

/** One kind of record fault, as the source panel marks it. */
export interface FaultKind {
  key: keyof FaultCounts;
  /** the one-letter mark of the table */
  mark: string;
  label: string;
}

/** The faults in the order the table marks them, with their legend. */
export const FAULT_KINDS: readonly FaultKind[] = [
  { key: 'malformed', mark: 'M', label: 'value not JSON' },
  { key: 'tombstones', mark: 'T', label: 'tombstone' },
  { key: 'binary', mark: 'B', label: 'binary value' },
  { key: 'noTimestamp', mark: 'N', label: 'no timestamp' },
  { key: 'outOfOrder', mark: 'O', label: 'out of order' },
  { key: 'invalidUtf8', mark: 'U', label: 'invalid UTF-8' },
  { key: 'duplicates', mark: 'D', label: 'duplicate offset (left out)' },
  { key: 'outliers', mark: 'X', label: 'outlier timestamp (left out)' },
];

/** The faults of `counts` that are not zero, in {@link FAULT_KINDS} order. */
export function faultMarks(counts: FaultCounts): (FaultKind & { count: number })[] {
  return FAULT_KINDS.filter((k) => counts[k.key] > 0).map((k) => ({ ...k, count: counts[k.key] }));
}

/** Sums of every fault over `topics`. */
export function faultTotals(topics: readonly FaultCounts[]): FaultCounts {
  const total: FaultCounts = {
    malformed: 0,
    tombstones: 0,
    binary: 0,
    noTimestamp: 0,
    outOfOrder: 0,
    invalidUtf8: 0,
    duplicates: 0,
    outliers: 0,
  };
  for (const t of topics) for (const k of FAULT_KINDS) total[k.key] += t[k.key];
  return total;
}
