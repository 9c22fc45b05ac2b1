import { describe, expect, it } from 'vitest';
import type { AnomalyAlertDef, MetricDef, Series, SliDef, ThresholdAlertDef } from '../contract.ts';
import type { Incident } from '../../formats/index.ts';
import { ruleSweepSet } from './train-test-sweep.ts';
import { candidateSettings, searchRule, withParams } from './rule-search.ts';
import { evaluateBurnRateRule, evaluateMetricRule } from '../workbook/evaluate-alerts.ts';
import { scoreAlerts } from './backtest-score.ts';

const T0 = Date.UTC(2026, 0, 5);
const M = 60_000;
const metric = {
  id: 'm',
  kind: 'count',
  by: [],
  window: { sizeMs: M, hopMs: M },
} as unknown as MetricDef;
const base = {
  id: 'r',
  title: 'R',
  description: '',
  severity: 'page' as const,
  catches: ['spike'],
  scope: null as string | null,
  maxSeries: 100,
  metric: 'm',
  forMs: 0,
  keepFiringForMs: 0,
  everyMs: null,
};
const threshold: ThresholdAlertDef = { ...base, kind: 'threshold', op: '>', value: 5 };
const anomaly: AnomalyAlertDef = {
  ...base,
  kind: 'anomaly',
  k: 3,
  direction: 'both',
  windowMs: 10 * M,
  seasonal: null,
  minPoints: null,
  minStd: 0,
  baseline: 'mean',
  minDeviation: 0,
  minRelativeDeviation: 0,
  warmUpMs: 0,
  clearK: null,
};
const workbook = {
  metrics: [metric],
  backtest: { toleranceBeforeMs: 0, toleranceAfterMs: 5 * M, flapMs: 10 * M },
};

/** 120 minutes of a base level with a spike of `height` at minutes 60–64 (the incident). */
function set(name: string, height: number, noise: number[]) {
  const values = Array.from({ length: 120 }, (_, k) =>
    k >= 60 && k < 65 ? height : noise[k % noise.length]!,
  );
  const series: Series[] = [
    {
      label: 'all',
      times: Float64Array.from(values, (_, k) => T0 + k * M),
      values: Float64Array.from(values),
    },
  ];
  const incidents: Incident[] = [
    {
      id: `${name}-spike`,
      kind: 'spike',
      start: T0 + 60 * M,
      end: T0 + 65 * M,
      scope: {},
      description: '',
    },
  ];
  return ruleSweepSet({
    name,
    workbook,
    rule: threshold,
    metric,
    series,
    incidents,
    span: { start: T0, end: T0 + 120 * M },
  });
}

describe('candidateSettings', () => {
  const ranges = [
    { name: 'value' as const, values: [1, 2, 3] },
    { name: 'for' as const, values: [0, M] },
  ];

  it('a grid is every combination, the first parameter varying slowest', () => {
    expect(candidateSettings(ranges, { kind: 'grid' })).toEqual([
      { value: 1, for: 0 },
      { value: 1, for: M },
      { value: 2, for: 0 },
      { value: 2, for: M },
      { value: 3, for: 0 },
      { value: 3, for: M },
    ]);
  });

  it('a random search draws budget distinct settings, the same for the same seed', () => {
    const a = candidateSettings(ranges, { kind: 'random', budget: 4, seed: 7 });
    expect(a).toHaveLength(4);
    expect(new Set(a.map((s) => JSON.stringify(s))).size).toBe(4);
    expect(candidateSettings(ranges, { kind: 'random', budget: 4, seed: 7 })).toEqual(a);
    expect(candidateSettings(ranges, { kind: 'random', budget: 10, seed: 7 })).toHaveLength(6);
  });
});

describe('withParams', () => {
  it('sets what the workbook names, and refuses what the rule kind does not have', () => {
    expect(withParams(anomaly, { k: 4, window: 30 * M, 'seasonal.periods': 3 })).toMatchObject({
      k: 4,
      windowMs: 30 * M,
      seasonal: { periodMs: 86_400_000, periods: 3 },
    });
    expect(withParams(threshold, { value: 9, for: 2 * M })).toMatchObject({
      value: 9,
      forMs: 2 * M,
    });
    expect(() => withParams(threshold, { k: 3 })).toThrow(
      'rule r (threshold) has no parameter k; it has value, for, keep_firing_for',
    );
  });
});

describe('searchRule', () => {
  // noise 0–3 everywhere; the training spike is 10, the held-out one 6
  const train = [set('a', 10, [0, 1, 2, 3]), set('b', 10, [3, 2, 1, 0])];
  const test = [set('c', 6, [1, 3, 0, 2])];
  const goal = { maximize: 'recall' as const, maxFalseAlertsPerWeek: 0 };

  it("scores each candidate on every set as the rule's own evaluation does, and pools them", () => {
    const result = searchRule({
      rule: threshold,
      metric,
      train,
      test,
      ranges: [{ name: 'value', values: [2, 5, 8] }],
      plan: { kind: 'grid' },
      goal,
    });
    const at5 = result.candidates.find((c) => c.params.value === 5)!;
    const direct = scoreAlerts(
      evaluateMetricRule(
        { ...threshold, value: 5 },
        metric,
        test[0]!.series,
        test[0]!.options.span.end,
      ),
      test[0]!.incidents,
      test[0]!.options,
    );
    expect(at5.holdoutPerSet).toEqual([direct]);
    expect(at5.train!.incidents).toBe(2);
    expect(at5.train!.detected).toBe(2);
    // > 2 fires on the noise's 3s: false alerts on both training sets
    expect(result.candidates[0]!.train!.falseAlerts).toBeGreaterThan(0);
    // 5 and 8 both catch both training spikes with no false alert: equal recall, then the
    // earlier detection and early-detection score tie, fewest alerts tie: the earlier, 5
    expect(result.recommended!.params).toEqual({ value: 5 });
    expect(result.recommended!.margins).toEqual([{ name: 'value', value: 5, from: 5, to: 8 }]);
    // on the held-out set the spike is 6: > 5 still catches it
    expect(result.recommended!.holdout!.recall).toBe(1);
    expect(result.statement).toContain('meets them on the held-out recordings too');
  });

  it('says plainly when no candidate meets the goal, and recommends none', () => {
    const result = searchRule({
      rule: threshold,
      metric,
      train,
      test,
      ranges: [{ name: 'value', values: [0, 1] }],
      plan: { kind: 'grid' },
      goal,
    });
    expect(result.recommended).toBeNull();
    expect(result.statement).toBe(
      "No candidate of 2 meets the goal's limits on the training recordings: none is recommended.",
    );
  });

  it('varies anomaly parameters, reporting a setting the engine refuses as that candidate’s error', () => {
    const result = searchRule({
      rule: anomaly,
      metric,
      train,
      test,
      ranges: [
        { name: 'k', values: [2, 4] },
        { name: 'window', values: [10 * M, 90_000] },
      ],
      plan: { kind: 'grid' },
      goal: { maximize: 'recall' },
    });
    expect(result.candidates.map((c) => c.error === null)).toEqual([true, false, true, false]);
    expect(result.candidates[1]!.error).toMatch(/invalid windowMs: 90000/);
    expect(result.recommended!.train!.recall).toBe(1);
  });
});

describe('searchRule on a burn-rate rule', () => {
  const burn = {
    ...base,
    kind: 'burn_rate' as const,
    sli: 's',
    pairs: [
      { name: '10m/2m', longMinutes: 10, shortMinutes: 2, factor: 5, severity: 'page' as const },
    ],
    fullWindowsOnly: false,
  };
  const sli = {
    id: 's',
    objective: 0.9,
    noData: 'exclude',
  } as unknown as SliDef;
  // 60 minutes, bad from minute 30 to 34: the 10m and 2m error ratios pass 0.5 (burn 5) there
  const minutes: Series = {
    label: 's',
    times: Float64Array.from({ length: 60 }, (_, k) => T0 + (k + 1) * M),
    values: Float64Array.from({ length: 60 }, (_, k) => (k >= 30 && k < 35 ? 1 : 0)),
  };
  const incidents: Incident[] = [
    { id: 'out', kind: 'spike', start: T0 + 30 * M, end: T0 + 35 * M, scope: {}, description: '' },
  ];
  const span = { start: T0, end: T0 + 61 * M };
  const set = ruleSweepSet({
    name: 's',
    workbook,
    rule: burn,
    metric: null,
    sli,
    series: [minutes],
    incidents,
    span,
  });

  it("varies a pair's factor by name, and scores as the rule's own evaluation does", () => {
    expect(withParams(burn, { 'factor.10m/2m': 8 }).pairs[0]!.factor).toBe(8);
    expect(() => withParams(burn, { k: 3 })).toThrow('it has factor.10m/2m');
    const result = searchRule({
      rule: burn,
      metric: null,
      sli,
      train: [set],
      test: [],
      ranges: [{ name: 'factor.10m/2m', values: [2, 5, 20] }],
      plan: { kind: 'grid' },
      goal: { maximize: 'recall' },
    });
    for (const c of result.candidates) {
      const f = c.params['factor.10m/2m']!;
      const intervals = evaluateBurnRateRule(withParams(burn, c.params), sli, minutes, span.end);
      expect(c.train).toEqual(scoreAlerts(intervals, set.incidents, set.options));
      // 10 bad minutes at most in the long window: ratio 0.5 → burn 5; factor 20 never fires
      expect(c.train!.detected).toBe(f <= 5 ? 1 : 0);
    }
  });
});
