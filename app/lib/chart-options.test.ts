import { describe, expect, it } from 'vitest';
import { valueRange } from './chart-options.ts';
import { seriesColor, withAlpha } from './palette.ts';

describe('chart value range and colors', () => {
  it('valueRange spans 0 to the higher of data and threshold, with 10% headroom', () => {
    const [lo, hi] = valueRange(0.001, 0.4, 0.1);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(0.44, 12);
    expect(valueRange(0.001, 0.02, 0.5)[1]).toBeCloseTo(0.55, 12);
  });

  it('valueRange starts below zero for negative data and falls back to [0, 1] with nothing', () => {
    expect(valueRange(-10, 10, null)).toEqual([-10, 12]);
    expect(valueRange(null, null, null)).toEqual([0, 1.1]);
  });

  it('withAlpha turns #rrggbb into rgba and rejects other forms', () => {
    expect(withAlpha('#ff8000', 0.5)).toBe('rgba(255, 128, 0, 0.5)');
    expect(() => withAlpha('red', 1)).toThrow('invalid color: red');
  });

  it('seriesColor cycles through the palette', () => {
    expect(seriesColor(10)).toBe(seriesColor(0));
  });
});
