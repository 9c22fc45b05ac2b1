import { describe, expect, it } from 'vitest';
import type { Series } from '../../engine/index.ts';
import { drawnSeries } from './top-series.ts';

const s = (label: string, ...values: number[]): Series => ({
  label,
  times: Float64Array.from(values, (_, i) => i * 60_000),
  values: Float64Array.from(values),
});

describe('drawnSeries', () => {
  it('draws every series up to the limit', () => {
    const all = [s('a', 1), s('b', 2)];
    expect(drawnSeries(all, new Set(), 2)).toEqual({ drawn: all, hidden: 0, empty: [] });
  });

  it('past the limit, keeps the highest peaks in their own order and counts the rest', () => {
    const all = [s('a', 1, 9), s('b', 2), s('c', 5), s('d', Number.NaN, 3)];
    const { drawn, hidden } = drawnSeries(all, new Set(), 2);
    expect(drawn.map((x) => x.label)).toEqual(['a', 'c']);
    expect(hidden).toBe(2);
  });

  it('always draws the series that fire, even past the limit', () => {
    const all = [s('a', 9), s('b', 8), s('low1', 1), s('low2', 0)];
    const { drawn, hidden } = drawnSeries(all, new Set(['low1', 'low2', 'b']), 2);
    expect(drawn.map((x) => x.label)).toEqual(['b', 'low1', 'low2']);
    expect(hidden).toBe(1);
  });

  it('leaves out the series without any value, naming them, and does not count them as hidden', () => {
    const all = [s('(none)', NaN, NaN), s('a', 1, 9), s('b', 2), s('c', NaN, 5)];
    expect(drawnSeries(all, new Set(), 3)).toEqual({
      drawn: [all[1], all[2], all[3]],
      hidden: 0,
      empty: ['(none)'],
    });
    const { drawn, hidden, empty } = drawnSeries(all, new Set(), 2);
    expect(drawn.map((x) => x.label)).toEqual(['a', 'c']);
    expect([hidden, empty]).toEqual([1, ['(none)']]);
  });
});
