import { describe, expect, it } from 'vitest';
import { bestSplit, changePoints } from './change-points.ts';

describe('change points', () => {
  it('bestSplit finds a step between its two levels, with their means', () => {
    const values = [1, 2, 1, 2, 1, 2, 9, 10, 9, 10];
    const split = bestSplit(values)!;
    expect(split.index).toBe(6);
    expect(split.before).toBe(1.5);
    expect(split.after).toBe(9.5);
    // Welch t: variances 0.3 (n 6) and 1/3 (n 4): 8 / √(0.05 + 0.08333) = 21.909
    expect(split.score).toBeCloseTo(8 / Math.sqrt(0.3 / 6 + 1 / 3 / 4), 9);
  });

  it('bestSplit skips NaN samples and needs 3 on each side', () => {
    expect(bestSplit([1, NaN, 1, 1, 5, 5, 5])!.index).toBe(4);
    expect(bestSplit([1, 1, 5, 5, 5])).toBeNull();
  });

  it('changePoints keeps a series whose shift falls in the window and drops flat or earlier ones', () => {
    const times = Float64Array.from({ length: 10 }, (_, i) => (i + 1) * 60_000);
    const series = [
      { label: 'moved', times, values: Float64Array.from([1, 2, 1, 2, 1, 2, 9, 10, 9, 10]) },
      { label: 'flat', times, values: Float64Array.from([1, 2, 1, 2, 1, 2, 1, 2, 1, 2]) },
      { label: 'early', times, values: Float64Array.from([1, 1, 1, 9, 10, 9, 10, 9, 10, 9]) },
    ];
    const out = changePoints('m', series, { from: 0, to: 600_000, onsetFrom: 360_000 });
    expect(out.map((c) => [c.series, c.time])).toEqual([['moved', 420_000]]);
  });
});
