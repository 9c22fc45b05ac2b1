import { describe, expect, it } from 'vitest';
import type { PartitionStats } from '../../engine/index.ts';
import { faultMarks, faultTotals, topicStats } from './topic-stats.ts';

const part = (
  topic: string,
  partition: number,
  records: number,
  extra: Partial<PartitionStats> = {},
): PartitionStats => ({
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
  invalidUtf8: 0,
  duplicates: 0,
  outliers: 0,
  ...extra,
});

describe('topicStats', () => {
  it('sums partitions per topic, in order of first appearance, partitions by number', () => {
    const o1 = part('orders', 1, 50, { outOfOrder: 3, malformed: 1, binary: 4, outliers: 1 });
    const o0 = part('orders', 0, 100, { malformed: 2, noTimestamp: 5, duplicates: 2 });
    const p0 = part('payments', 0, 40, { tombstones: 1 });
    const stats = topicStats([o1, p0, o0]);
    expect(stats).toEqual([
      {
        topic: 'orders',
        partitions: 2,
        records: 150,
        malformed: 3,
        tombstones: 0,
        binary: 4,
        noTimestamp: 5,
        outOfOrder: 3,
        invalidUtf8: 0,
        duplicates: 2,
        outliers: 1,
        parts: [o0, o1],
      },
      {
        topic: 'payments',
        partitions: 1,
        records: 40,
        malformed: 0,
        tombstones: 1,
        binary: 0,
        noTimestamp: 0,
        outOfOrder: 0,
        invalidUtf8: 0,
        duplicates: 0,
        outliers: 0,
        parts: [p0],
      },
    ]);
  });
});

describe('fault marks', () => {
  it('marks only the faults that occur, in legend order', () => {
    const marks = faultMarks({
      malformed: 0,
      tombstones: 2,
      binary: 0,
      noTimestamp: 1,
      outOfOrder: 0,
      invalidUtf8: 3,
      duplicates: 0,
      outliers: 4,
    });
    expect(marks.map((m) => [m.mark, m.count])).toEqual([
      ['T', 2],
      ['N', 1],
      ['U', 3],
      ['X', 4],
    ]);
  });

  it('totals every fault over topics', () => {
    const a = {
      malformed: 1,
      tombstones: 2,
      binary: 3,
      noTimestamp: 4,
      outOfOrder: 5,
      invalidUtf8: 6,
      duplicates: 7,
      outliers: 8,
    };
    expect(faultTotals([a, a])).toEqual({
      malformed: 2,
      tombstones: 4,
      binary: 6,
      noTimestamp: 8,
      outOfOrder: 10,
      invalidUtf8: 12,
      duplicates: 14,
      outliers: 16,
    });
  });
});
