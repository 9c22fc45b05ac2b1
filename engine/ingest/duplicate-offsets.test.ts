import { describe, expect, it } from 'vitest';
import { duplicateOffsets } from './duplicate-offsets.ts';

const BIG = 2n ** 60n;

describe('duplicateOffsets', () => {
  it('gives each repeat of a partition and offset the index of its first, in source order', () => {
    const partitionOf = Int32Array.from([0, 0, 1, 0, 1, 0, 0]);
    const offsets = Float64Array.from([5, 6, 5, 5, 5, 6, 7]);
    const found = duplicateOffsets(partitionOf, offsets, new Map(), new Set([0, 1]));
    expect([...found].sort((a, b) => a[0] - b[0])).toEqual([
      [3, 0],
      [4, 2],
      [5, 1],
    ]);
  });

  it('looks only at the partitions it is told to check', () => {
    const partitionOf = Int32Array.from([0, 0, 1, 1]);
    const offsets = Float64Array.from([1, 1, 2, 2]);
    expect([...duplicateOffsets(partitionOf, offsets, new Map(), new Set([1]))]).toEqual([[3, 2]]);
    expect(duplicateOffsets(partitionOf, offsets, new Map(), new Set()).size).toBe(0);
  });

  it('tells offsets above 2^53 apart by their exact value', () => {
    // BIG and BIG + 1n are one double.
    const partitionOf = Int32Array.from([0, 0, 0]);
    const offsets = Float64Array.from([Number(BIG), Number(BIG + 1n), Number(BIG)]);
    const exact = new Map([
      [0, BIG],
      [1, BIG + 1n],
      [2, BIG],
    ]);
    expect([...duplicateOffsets(partitionOf, offsets, exact, new Set([0]))]).toEqual([[2, 0]]);
  });

  it('ignores records left out already (partition -1)', () => {
    const partitionOf = Int32Array.from([-1, 0, 0]);
    const offsets = Float64Array.from([1, 1, 2]);
    expect(duplicateOffsets(partitionOf, offsets, new Map(), new Set([0])).size).toBe(0);
  });
});
