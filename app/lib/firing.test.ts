import { describe, expect, it } from 'vitest';
import { evaluateMetricRule, parseWorkbook } from '../../engine/index.ts';
import { firingIntervals, firingUnion } from './firing.ts';

const MIN = 60_000;

const wb = parseWorkbook(
  `
metrics:
  - { id: m, title: M, unit: x, kind: count, topic: t, by: k, window: 1m }
alerts:
  - { id: r, title: R, kind: threshold, metric: m, op: '>', value: 2, for: 1m }
`,
  'chart.yaml',
);
const metricDef = wb.metrics[0]!;
const workbookRule = wb.alerts[0] as Extract<(typeof wb.alerts)[number], { kind: 'threshold' }>;

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
    expect(firingIntervals([s], rule, { intervalMs: MIN, until: 8 * MIN })).toEqual([
      { series: 'a', start: 5 * MIN, end: 7 * MIN },
    ]);
  });

  it('leaves the end open while still firing at the replay time', () => {
    const s = perMinute('a', [0, 1, 1, 1]);
    const rule = { op: '>=' as const, threshold: 1, forMs: 0 };
    expect(firingIntervals([s], rule, { intervalMs: MIN, until: 4 * MIN })).toEqual([
      { series: 'a', start: 2 * MIN, end: null },
    ]);
  });

  it('evaluates every series and sorts all intervals by start, skipping empty series', () => {
    const late = perMinute('late', [0, 0, 0, 1, 0]);
    const early = perMinute('early', [1, 0, 0, 0, 0]);
    const empty = { label: 'empty', times: new Float64Array(0), values: new Float64Array(0) };
    const rule = { op: '>' as const, threshold: 0, forMs: 0 };
    expect(
      firingIntervals([late, empty, early], rule, { intervalMs: MIN, until: 5 * MIN }),
    ).toEqual([
      { series: 'early', start: 1 * MIN, end: 2 * MIN },
      { series: 'late', start: 4 * MIN, end: 5 * MIN },
    ]);
  });

  it('gives nothing before the replay time reaches the first sample', () => {
    const s = perMinute('a', [1, 1]);
    const rule = { op: '>' as const, threshold: 0, forMs: 0 };
    expect(firingIntervals([s], rule, { intervalMs: MIN, until: MIN / 2 })).toEqual([]);
  });

  it('keeps firing for `keepFiringForMs` after the condition clears, as the workbook rule says', () => {
    const s = perMinute('a', [1, 0, 0, 0, 0]);
    const rule = { op: '>' as const, threshold: 0, forMs: 0, keepFiringForMs: 2 * MIN };
    expect(firingIntervals([s], rule, { intervalMs: MIN, until: 5 * MIN })).toEqual([
      { series: 'a', start: MIN, end: 4 * MIN },
    ]);
  });

  it('agrees with the engine’s evaluation of the same workbook rule, on a grid off the minute', () => {
    // Samples at 00:37, 01:37, …: the grid starts at the first sample, not at a whole minute.
    const off = (label: string, values: number[]) => ({
      label,
      times: Float64Array.from(values, (_, i) => 37_000 + i * MIN),
      values: Float64Array.from(values),
    });
    const series = [off('b', [0, 3, 3, 3, 0, 3]), off('a', [3, 3, 0, 0, 3, 3])];
    const rule = { op: '>' as const, threshold: 2, forMs: MIN };
    const until = 37_000 + 5 * MIN + 20_000;
    const chart = firingIntervals(series, rule, { intervalMs: MIN, until });
    const engine = evaluateMetricRule(
      { ...workbookRule, op: '>', value: 2, forMs: MIN },
      metricDef,
      series,
      until,
    );
    expect(chart).toEqual(engine);
    expect(chart).toEqual([
      { series: 'a', start: 37_000 + MIN, end: 37_000 + 2 * MIN },
      { series: 'b', start: 37_000 + 2 * MIN, end: 37_000 + 4 * MIN },
      { series: 'a', start: 37_000 + 5 * MIN, end: null },
    ]);
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
