import { describe, expect, it } from 'vitest';
import { StatusTimeline } from './status-timeline.ts';

describe('StatusTimeline', () => {
  it('merges overlapping and touching closed intervals', () => {
    const t = new StatusTimeline([
      [50, 60],
      [10, 20],
      [15, 30],
      [30, 35],
    ]);
    expect(t.intervals()).toEqual([
      [10, 35],
      [50, 60],
    ]);
  });

  it('is OFF from an interval start (inclusive) to its end (exclusive)', () => {
    const t = new StatusTimeline([[10, 20]]);
    expect([9, 10, 19, 20].map((x) => t.isOpen(x))).toEqual([true, false, false, true]);
  });

  it('answers whether a window is open throughout', () => {
    const t = new StatusTimeline([[10, 20]]);
    expect(t.openThroughout(0, 10)).toBe(true);
    expect(t.openThroughout(0, 11)).toBe(false);
    expect(t.openThroughout(19, 25)).toBe(false);
    expect(t.openThroughout(20, 99)).toBe(true);
  });

  it('rejects an interval that ends before it starts, naming it', () => {
    expect(() => new StatusTimeline([[5, 5]])).toThrow('invalid closed interval [5, 5)');
  });
});
