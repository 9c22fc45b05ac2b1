import { describe, expect, it } from 'vitest';
import type { PartitionStats } from '../../engine/index.ts';
import { topicStats } from './topic-stats.ts';

const part = (
  topic: string,
  partition: number,
  records: number,
  extra: Partial<PartitionStats> = {},
) => ({
  topic,
  partition,
  records,
  firstOffset: '0',
  lastOffset: String(records - 1),
  malformed: 0,
  tombstones: 0,
  binary: 0,
  noTimestamp: 0,
  outOfOrder: 0,
  ...extra,
});

describe('topicStats', () => {
  it('sums partitions per topic, in order of first appearance', () => {
    const stats = topicStats([
      part('orders', 0, 100, { malformed: 2 }),
      part('payments', 0, 40, { tombstones: 1 }),
      part('orders', 1, 50, { outOfOrder: 3, malformed: 1 }),
    ]);
    expect(stats).toEqual([
      { topic: 'orders', partitions: 2, records: 150, malformed: 3, tombstones: 0, outOfOrder: 3 },
      { topic: 'payments', partitions: 1, records: 40, malformed: 0, tombstones: 1, outOfOrder: 0 },
    ]);
  });
});
