import { describe, expect, it } from 'vitest';
import { parseWorkbook, ruleSweepSet, type Series } from '../../engine/index.ts';
import {
  defaultSpecs,
  parseSpecs,
  searchBasis,
  searchSets,
  searchStaleness,
  searchableRules,
  specsFor,
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

  it('a search holds while its rule, metric or SLI, backtest options and labels are as it ran on, the searched parameters aside', () => {
    const labels = [{ id: 'a', kind: 'spike', start: T0, end: T0 + M, scope: {}, description: '' }];
    const ran = searchBasis(wb, 'hi', labels)!;
    const params = { for: 60_000, keep_firing_for: 0 };
    expect(searchStaleness(ran, searchBasis(wb, 'hi', labels), params)).toBeNull();
    // The searched parameters saved into the workbook (a re-parsed copy): still holds.
    const saved = parseWorkbook(
      `name: w
metrics:
  - { id: m, kind: count, topic: t, window: 1m }
slis:
  - { id: s, topic: t, bad: x > 0, objective: 0.99 }
alerts:
  - { id: hi, kind: threshold, metric: m, op: '>', value: 5, for: 3m, keep_firing_for: 5m, catches: spike }
`,
      'w.yaml',
    );
    expect(searchStaleness(ran, searchBasis(saved, 'hi', labels), params)).toBeNull();
    // Not searched: the threshold (value).
    const moved = withSearchedParams(wb, 'hi', { value: 6 });
    expect(searchStaleness(ran, searchBasis(moved, 'hi', labels), params)).toBe(
      'rule hi changed in the workbook since (beyond the parameters searched)',
    );
    expect(searchStaleness(ran, searchBasis({ ...wb, alerts: [] }, 'hi', labels), params)).toBe(
      'the workbook no longer has rule hi',
    );
    const window5 = { ...wb, metrics: [{ ...wb.metrics[0]!, title: 'renamed' }] };
    expect(searchStaleness(ran, searchBasis(window5, 'hi', labels), params)).toBe(
      'the metric m that rule hi runs on has changed in the workbook since',
    );
    const flap = { ...wb, backtest: { ...wb.backtest, flapMs: 1 } };
    expect(searchStaleness(ran, searchBasis(flap, 'hi', labels), params)).toBe(
      'the backtest options (tolerance, flap) changed in the workbook since',
    );
    expect(searchStaleness(ran, searchBasis(wb, 'hi', []), params)).toBe(
      'the incident labels changed since',
    );
    // A burn-rate rule: a factor searched moves freely, the SLI's objective does not.
    const burn = searchBasis(wb, 'burn', [])!;
    const factor = { 'factor.1h/5m': 10 };
    const tuned = withSearchedParams(wb, 'burn', { 'factor.1h/5m': 20 });
    expect(searchStaleness(burn, searchBasis(tuned, 'burn', []), factor)).toBeNull();
    const stricter = { ...wb, slis: [{ ...wb.slis[0]!, objective: 0.999 }] };
    expect(searchStaleness(burn, searchBasis(stricter, 'burn', []), factor)).toBe(
      'the SLI s that rule burn runs on has changed in the workbook since',
    );
    // A pair renamed: the searched name is gone, so the search cannot hold.
    const renamed = {
      ...wb,
      alerts: wb.alerts.map((a) =>
        a.kind === 'burn_rate'
          ? { ...a, pairs: a.pairs.map((p) => ({ ...p, name: `x${p.name}` })) }
          : a,
      ),
    };
    expect(searchStaleness(burn, searchBasis(renamed, 'burn', []), factor)).toBe(
      'rule burn changed in the workbook since (beyond the parameters searched)',
    );
  });

  it('fills in a rule’s default parameters, follows moved defaults until typed over or searched, keeps what was typed', () => {
    const empty = { specs: '', specsFor: null, specsDefault: null };
    const first = specsFor(empty, 'burn', 'factor.a=1,2', false)!;
    expect(first).toEqual({
      specs: 'factor.a=1,2',
      specsFor: 'burn',
      specsDefault: 'factor.a=1,2',
    });
    expect(specsFor(first, 'burn', 'factor.a=1,2', false)).toBeNull();
    // The rule's factor moved (saved from the SLI view): untouched defaults follow.
    expect(specsFor(first, 'burn', 'factor.a=2,4', false)?.specs).toBe('factor.a=2,4');
    // ... but not the parameters a result was found with, nor typed ones.
    expect(specsFor(first, 'burn', 'factor.a=2,4', true)).toBeNull();
    const typed = { ...first, specs: 'factor.a=5' };
    expect(specsFor(typed, 'burn', 'factor.a=2,4', false)).toBeNull();
    // Another rule starts from its own defaults.
    expect(specsFor(typed, 'hi', 'for=0,1m', false)?.specs).toBe('for=0,1m');
  });
});
