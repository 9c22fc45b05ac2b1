import { describe, expect, it } from 'vitest';
import { denseSeries, sampleGrid } from './series-grid.ts';

describe('sampleGrid', () => {
  it('places window samples at window ends, up to the still-open window at the replay time', () => {
    expect(sampleGrid('window', 60, 130, 130)).toEqual({ first: 180, step: 60, count: 1 });
    expect(sampleGrid('window', 60, 130, 300)).toEqual({ first: 180, step: 60, count: 4 });
    expect(sampleGrid('window', 60, 120, 179)).toEqual({ first: 180, step: 60, count: 1 });
  });

  it('places instant samples at multiples of the step between source start and replay time', () => {
    expect(sampleGrid('instant', 60, 130, 300)).toEqual({ first: 180, step: 60, count: 3 });
    expect(sampleGrid('instant', 60, 130, 170)).toEqual({ first: 180, step: 60, count: 0 });
    expect(sampleGrid('instant', 60, 120, 120)).toEqual({ first: 120, step: 60, count: 1 });
  });

  it('has no samples before the source starts', () => {
    expect(sampleGrid('window', 60, 130, 100).count).toBe(0);
  });
});

describe('denseSeries', () => {
  it('fills grid points without a row with the missing value, one sorted series per label', () => {
    const grid = { first: 60, step: 60, count: 3 };
    const series = denseSeries(
      {
        labels: ['b', 'a', 'a', null, 'a'],
        times: [120, 60, 180, 60, 999],
        values: [5, 1, 3, 7, 9],
      },
      grid,
      0,
    );
    expect(series.map((s) => s.label)).toEqual(['a', 'b']);
    expect(Array.from(series[0]!.times)).toEqual([60, 120, 180]);
    expect(Array.from(series[0]!.values)).toEqual([1, 0, 3]);
    expect(Array.from(series[1]!.values)).toEqual([0, 5, 0]);
  });
});
