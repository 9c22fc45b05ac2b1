import { describe, expect, it } from 'vitest';
import { alignSeries, maxValue } from './series-data.ts';

const s = (label: string, times: number[], values: number[]) => ({
  label,
  times: Float64Array.from(times),
  values: Float64Array.from(values),
});

describe('alignSeries', () => {
  it('shares the x column when all series have the same times, NaN becoming a gap', () => {
    const cols = alignSeries([s('a', [60, 120], [1, Number.NaN]), s('b', [60, 120], [3, 4])]);
    expect(cols).toEqual([
      [60, 120],
      [1, null],
      [3, 4],
    ]);
  });

  it('joins different times into their sorted union with nulls where a series has no sample', () => {
    const cols = alignSeries([s('a', [60, 180], [1, 3]), s('b', [120, 180], [5, 6])]);
    expect(cols).toEqual([
      [60, 120, 180],
      [1, null, 3],
      [null, 5, 6],
    ]);
  });

  it('gives an empty x column for no series', () => {
    expect(alignSeries([])).toEqual([[]]);
  });

  it('rejects a series whose times and values differ in length, naming it', () => {
    expect(() => alignSeries([s('bad', [1, 2], [1])])).toThrow('invalid series bad');
  });

  it('maxValue is the largest finite value, or null', () => {
    expect(maxValue([s('a', [1, 2], [0.2, Number.NaN]), s('b', [1], [0.7])])).toBe(0.7);
    expect(maxValue([s('a', [1], [Number.NaN])])).toBeNull();
  });
});
