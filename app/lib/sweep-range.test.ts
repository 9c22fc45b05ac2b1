import { describe, expect, it } from 'vitest';
import { sweepForValues, sweepRange } from './sweep-range.ts';

describe('sweepRange', () => {
  it('spaces the steps evenly from the lowest to the highest finite value of all columns', () => {
    const a = Float64Array.from([0.2, NaN, 0.6]);
    const b = [1, Infinity, -Infinity];
    // lo 0.2, hi 1, 5 steps of 0.2
    const got = sweepRange([a, b], 5);
    expect(got).toHaveLength(5);
    [0.2, 0.4, 0.6, 0.8, 1].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
    expect(got[4]).toBe(1);
  });

  it('gives one value when every value is the same and none without a finite value', () => {
    expect(sweepRange([[3, 3, NaN]], 10)).toEqual([3]);
    expect(sweepRange([[NaN], []], 10)).toEqual([]);
  });

  it('rejects fewer than two steps', () => {
    expect(() => sweepRange([[1, 2]], 1)).toThrow(/invalid steps: 1/);
  });
});

describe('sweepForValues', () => {
  it('tries none, the rule’s own for and twice it', () => {
    expect(sweepForValues(180_000)).toEqual([0, 180_000, 360_000]);
  });

  it('tries 5 minutes beside none when the rule has no for', () => {
    expect(sweepForValues(0)).toEqual([0, 300_000]);
  });
});
