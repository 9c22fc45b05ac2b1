import { describe, expect, it } from 'vitest';
import { pickEvalTimes } from './eval-times.ts';

const M = 60_000;

describe('pickEvalTimes', () => {
  it('checks starts and ends, then the evaluations before them, then inside and quiet points', () => {
    // grid 0..20 min; one alert firing [5, 9) min
    const intervals = [{ series: 'a', start: 5 * M, end: 9 * M }];
    expect(pickEvalTimes(intervals, 0, 20 * M, M, 100).map((t) => t / M)).toEqual([
      0, 2, 4, 5, 6, 8, 9, 14, 20,
    ]);
  });

  it('keeps transitions first when the count is capped, earliest first', () => {
    const intervals = [
      { series: 'a', start: 5 * M, end: 9 * M },
      { series: 'b', start: 12 * M, end: null },
    ];
    expect(pickEvalTimes(intervals, 0, 20 * M, M, 2).map((t) => t / M)).toEqual([5, 9]);
    expect(pickEvalTimes(intervals, 0, 20 * M, M, 4).map((t) => t / M)).toEqual([4, 5, 9, 12]);
  });

  it('an alert still firing at the end has no end check and stays within the grid', () => {
    const intervals = [{ series: 'a', start: 0, end: null }];
    // start 0; before it −1 (off the grid); last firing = last; inside = middle
    expect(pickEvalTimes(intervals, 0, 10 * M, M, 100).map((t) => t / M)).toEqual([0, 5, 10]);
  });

  it('with no alerts it checks the first, middle and last evaluations', () => {
    expect(pickEvalTimes([], 10 * M, 30 * M, 5 * M, 100).map((t) => t / M)).toEqual([10, 20, 30]);
  });
});
