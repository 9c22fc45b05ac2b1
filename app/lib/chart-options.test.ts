import { describe, expect, it } from 'vitest';
import { latestLegendValue, valueRange } from './chart-options.ts';
import { openWindowSpan } from './chart-overlays.ts';
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

describe('the open window on a metric chart', () => {
  const M = 60_000;
  it('openWindowSpan runs from the last finished window end to the open window end, stamped after now', () => {
    // 1m windows ending at 1, 2, 3 min; replay time 2:30: the window ending at 3:00 is open
    expect(openWindowSpan([M, 2 * M, 3 * M], 2.5 * M)).toEqual({ start: 2 * M, end: 3 * M });
    // a sample stamped exactly at now is a finished window: nothing is open
    expect(openWindowSpan([M, 2 * M], 2 * M)).toBeNull();
    // instants (state metrics) are never after now; no samples, no open window
    expect(openWindowSpan([0, M], 1.5 * M)).toBeNull();
    expect(openWindowSpan([], M)).toBeNull();
    // only the open window so far: from now to its end
    expect(openWindowSpan([M], 30_000)).toEqual({ start: 30_000, end: M });
  });

  it('latestLegendValue marks the latest value partial when it is stamped after now', () => {
    expect(latestLegendValue([M, 2 * M, 3 * M], [1, 2, 3], 2.5 * M, 'orders')).toBe(
      '3 orders (partial)',
    );
    expect(latestLegendValue([M, 2 * M, 3 * M], [1, 2, null], 2.5 * M, 'orders')).toBe('2 orders');
    expect(latestLegendValue([M], [null], M, 'orders')).toBe('–');
  });
});
