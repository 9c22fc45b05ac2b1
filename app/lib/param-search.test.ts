import { describe, expect, it } from 'vitest';
import { parseWorkbook, ruleSweepSet, type Series } from '../../engine/index.ts';
import {
  defaultSpecs,
  parseSpecs,
  searchSets,
  searchableRules,
  withSearchedParams,
} from './param-search.ts';

const M = 60_000;
const T0 = Date.UTC(2026, 0, 5);
const wb = parseWorkbook(
  `name: w
metrics:
  - { id: m, kind: count, topic: t, window: 1m }
slis:
  - { id: s, topic: t, bad: x > 0, objective: 0.99 }
alerts:
  - { id: hi, kind: threshold, metric: m, op: '>', value: 5, catches: spike }
  - { id: odd, kind: anomaly, metric: m, k: 3, window: 10m, catches: spike }
  - { id: burn, kind: burn_rate, sli: s, scored: false }
`,
  'w.yaml',
);
const series: Series[] = [
  {
    label: 'all',
    times: Float64Array.from({ length: 30 }, (_, k) => T0 + (k + 1) * M),
    values: Float64Array.from({ length: 30 }, (_, k) => (k === 20 ? 9 : k % 3)),
  },
];

describe('the lab parameter search', () => {
  it('offers every rule, a burn-rate rule with its pairs’ factors to start from', () => {
    expect(searchableRules(wb).map((r) => r.id)).toEqual(['hi', 'odd', 'burn']);
    expect(defaultSpecs(wb.alerts[2]!)).toBe(
      'factor.1h/5m=7.2,14.4,28.8\nfactor.6h/30m=3,6,12\nfactor.1d/2h=1.5,3,6\nfactor.3d/6h=0.5,1,2',
    );
  });

  it('parses one parameter a line as tapedeck sweep --param does, naming bad lines', () => {
    expect(parseSpecs('k=2:3:0.5\n\nwindow=5m,10m').ranges).toEqual([
      { name: 'k', values: [2, 2.5, 3] },
      { name: 'window', values: [300_000, 600_000] },
    ]);
    expect(parseSpecs('k=1\nk=2\ndepth=3').errors).toEqual([
      'line 2: k is given twice',
      expect.stringContaining('line 3: unknown parameter "depth"'),
    ]);
    expect(parseSpecs('  ').errors).toEqual(['no parameter to search']);
  });

  it('takes this replay to the replay time as the first training set, as ruleSweepSet does', () => {
    const rule = searchableRules(wb)[0]!;
    const metric = wb.metrics[0]!;
    const range = { start: T0, end: T0 + 31 * M };
    const incidents = [
      { id: 'a', kind: 'spike', start: T0 + 20 * M, end: T0 + 25 * M, scope: {}, description: '' },
    ];
    const sets = searchSets({
      workbook: wb,
      rule,
      frame: { metrics: [{ id: 'm', series, late: 0 }], slis: [] },
      incidents,
      range,
      until: T0 + 25 * M,
      others: [],
    });
    expect(sets.problems).toEqual([]);
    expect(sets.test).toEqual([]);
    expect(sets.train).toEqual([
      ruleSweepSet({
        name: 'this replay',
        workbook: wb,
        rule,
        metric,
        series,
        incidents,
        span: { start: T0, end: T0 + 25 * M },
      }),
    ]);
  });

  it('writes a searched setting into the workbook rule', () => {
    const tuned = withSearchedParams(wb, 'odd', { k: 4, window: 20 * M });
    expect(tuned.alerts[1]).toMatchObject({ id: 'odd', k: 4, windowMs: 20 * M });
    expect(tuned.alerts[0]).toBe(wb.alerts[0]);
    expect(withSearchedParams(wb, 'burn', { 'factor.1h/5m': 10 }).alerts[2]).toMatchObject({
      pairs: [{ name: '1h/5m', factor: 10 }, { factor: 6 }, { factor: 3 }, { factor: 1 }],
    });
    expect(() => withSearchedParams(wb, 'nope', { k: 1 })).toThrow('rule "nope": not a rule of w');
  });
});
