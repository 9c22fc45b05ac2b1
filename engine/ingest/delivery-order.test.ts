import { describe, expect, it } from 'vitest';
import { deliveryOrder } from './delivery-order.ts';

function order(partitionOf: number[], timestamps: number[], partitions: number, fallback = 0) {
  const result = deliveryOrder(
    Int32Array.from(partitionOf),
    Float64Array.from(timestamps),
    partitions,
    fallback,
  );
  return { seqOf: Array.from(result.seqOf), streamTimes: Array.from(result.streamTimes) };
}

describe('deliveryOrder', () => {
  it('merges partitions by timestamp but keeps each partition in its own order', () => {
    // source order: p0@10, p0@5, p1@7 → p1@7 is the smallest head, then p0@10, then p0@5
    expect(order([0, 0, 1], [10, 5, 7], 2)).toEqual({
      seqOf: [1, 2, 0],
      streamTimes: [7, 10, 10],
    });
  });

  it('gives equal timestamps to the lower partition first', () => {
    expect(order([1, 0, 1, 0], [5, 5, 6, 6], 2).seqOf).toEqual([1, 0, 3, 2]);
  });

  it('orders a record without timestamp as its predecessor, or at the fallback when first', () => {
    // p0: NaN (→ fallback 3), 8, NaN (→ 8); p1: 4, 9
    const { seqOf, streamTimes } = order([0, 0, 0, 1, 1], [NaN, 8, NaN, 4, 9], 2, 3);
    expect(seqOf).toEqual([0, 2, 3, 1, 4]);
    expect(streamTimes).toEqual([3, 4, 8, 8, 9]);
  });

  it('leaves out records of partition -1: never delivered, no predecessor of any', () => {
    // p0: 10, (left out, 1000), NaN (→ 10); p1: 7
    expect(order([0, -1, 0, 1], [10, 1000, NaN, 7], 2)).toEqual({
      seqOf: [1, -1, 2, 0],
      streamTimes: [7, 10, 10],
    });
    expect(order([-1, -1], [1, 2], 1)).toEqual({ seqOf: [-1, -1], streamTimes: [] });
  });

  it('delivers nothing from an empty source', () => {
    expect(order([], [], 0)).toEqual({ seqOf: [], streamTimes: [] });
  });

  it("gives each record its partition's running maximum timestamp as stream time (random sources)", () => {
    let seed = 1;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 50; trial++) {
      const partitions = 1 + Math.floor(random() * 5);
      const n = Math.floor(random() * 60);
      const partitionOf = Array.from({ length: n }, () => Math.floor(random() * partitions));
      const timestamps = Array.from({ length: n }, () => Math.floor(random() * 20));
      const { seqOf, streamTimes } = order(partitionOf, timestamps, partitions);
      expect([...seqOf].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      const runningMax = new Map<number, number>();
      const lastSeq = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const p = partitionOf[i]!;
        const max = Math.max(runningMax.get(p) ?? -Infinity, timestamps[i]!);
        runningMax.set(p, max);
        expect(streamTimes[seqOf[i]!]).toBe(max);
        expect(seqOf[i]!).toBeGreaterThan(lastSeq.get(p) ?? -1);
        lastSeq.set(p, seqOf[i]!);
      }
    }
  });
});
