import { describe, expect, it } from 'vitest';
import { firingIntervals, firingUnion } from './firing.ts';

const MIN = 60_000;

/** A series with one sample per minute at 1, 2, … minutes. */
const perMinute = (label: string, values: number[]) => ({
  label,
  times: Float64Array.from(values, (_, i) => (i + 1) * MIN),
  values: Float64Array.from(values),
});

describe('firingIntervals', () => {
  it('fires once the condition has held for `for`, and resolves at the first false evaluation', () => {
    // True at 3, 4, 5, 6 min; pending from 3 min, firing at 5 min (held 2 min), resolved at 7.
    const s = perMinute('a', [0, 0, 1, 1, 1, 1, 0, 0]);
    const rule = { op: '>' as const, threshold: 0.5, forMs: 2 * MIN };
    expect(firingIntervals([s], rule, { intervalMs: MIN, start: 0, until: 8 * MIN })).toEqual([
      { series: 'a', start: 5 * MIN, end: 7 * MIN },
    ]);
  });

  it('leaves the end open while still firing at the replay time', () => {
    const s = perMinute('a', [0, 1, 1, 1]);
    const rule = { op: '>=' as const, threshold: 1, forMs: 0 };
    expect(firingIntervals([s], rule, { intervalMs: MIN, start: 0, until: 4 * MIN })).toEqual([
      { series: 'a', start: 2 * MIN, end: null },
    ]);
  });

  it('evaluates every series and sorts all intervals by start, skipping empty series', () => {
    const late = perMinute('late', [0, 0, 0, 1, 0]);
    const early = perMinute('early', [1, 0, 0, 0, 0]);
    const empty = { label: 'empty', times: new Float64Array(0), values: new Float64Array(0) };
    const rule = { op: '>' as const, threshold: 0, forMs: 0 };
    expect(
      firingIntervals([late, empty, early], rule, { intervalMs: MIN, start: 0, until: 5 * MIN }),
    ).toEqual([
      { series: 'early', start: 1 * MIN, end: 2 * MIN },
      { series: 'late', start: 4 * MIN, end: 5 * MIN },
    ]);
  });

  it('gives nothing before the grid starts', () => {
    const s = perMinute('a', [1, 1]);
    const rule = { op: '>' as const, threshold: 0, forMs: 0 };
    expect(firingIntervals([s], rule, { intervalMs: MIN, start: 5 * MIN, until: MIN })).toEqual([]);
  });
});

describe('firingUnion', () => {
  it('merges overlapping and touching intervals and ends open ones at now', () => {
    const f = (series: string, start: number, end: number | null) => ({ series, start, end });
    expect(
      firingUnion([f('b', 50, 70), f('a', 10, 30), f('c', 30, 40), f('d', 90, null)], 100),
    ).toEqual([
      { start: 10, end: 40 },
      { start: 50, end: 70 },
      { start: 90, end: 100 },
    ]);
  });
});
