import type { PartitionStats } from '../../engine/index.ts';

/** Counts of one topic, summed over its partitions. */
export interface TopicStats {
  topic: string;
  partitions: number;
  records: number;
  malformed: number;
  tombstones: number;
  outOfOrder: number;
}

/** Per-topic sums of partition stats, topics in order of first appearance. */
export function topicStats(partitions: readonly PartitionStats[]): TopicStats[] {
  const byTopic = new Map<string, TopicStats>();
  for (const p of partitions) {
    let t = byTopic.get(p.topic);
    if (!t) {
      t = { topic: p.topic, partitions: 0, records: 0, malformed: 0, tombstones: 0, outOfOrder: 0 };
      byTopic.set(p.topic, t);
    }
    t.partitions += 1;
    t.records += p.records;
    t.malformed += p.malformed;
    t.tombstones += p.tombstones;
    t.outOfOrder += p.outOfOrder;
  }
  return [...byTopic.values()];
}
