import { describe, expect, it } from 'vitest';
import type { AnomalyAlertDef, Series } from '../contract.ts';
import {
  anomalyWarmUp,
  evaluateMetricRule,
  evaluateWorkbookAlerts,
  ruleGrid,
} from './evaluate-alerts.ts';
import { parseWorkbook } from './parse-workbook.ts';

const MIN = 60_000;

function series(label: string, values: number[], first = MIN): Series {
  return {
    label,
    times: Float64Array.from(values, (_, k) => first + k * MIN),
    values: Float64Array.from(values),
  };
}

const workbook = (alerts: string) =>
  parseWorkbook(
    `metrics:
  - { id: m, kind: count, topic: t, window: 1m }
slis:
  - { id: s, topic: t, bad: x > 0, objective: 0.99 }
alerts:
${alerts}`,
    'alerts.yaml',
  );

describe('evaluateWorkbookAlerts', () => {
  it('evaluates a threshold rule per series with `for`, sorted by start', () => {
    const wb = workbook(`  - { id: r, kind: threshold, metric: m, op: '>', value: 1, for: 1m }`);
    const inputs = {
      metrics: [{ id: 'm', series: [series('A', [0, 5, 5, 5, 0]), series('B', [5, 0, 5, 5, 5])] }],
      slis: [],
    };
    expect(evaluateWorkbookAlerts(wb, inputs)).toEqual([
      {
        id: 'r',
        kind: 'threshold',
        error: null,
        series: 2,
        intervals: [
          { series: 'A', start: 3 * MIN, end: 5 * MIN },
          { series: 'B', start: 4 * MIN, end: null },
        ],
      },
    ]);
  });

  it('evaluates every series of a rule on one grid, from the first sample of any to the replay time', () => {
    const wb = workbook(`  - { id: r, kind: threshold, metric: m, op: '>', value: 1, every: 2m }`);
    const rule = wb.alerts[0]!;
    if (rule.kind !== 'threshold') throw new Error('expected a threshold rule');
    const metric = wb.metrics[0]!;
    // B starts a minute after A: on its own it would be evaluated at 2, 4, 6 min
    const input = [series('A', [0, 0, 0, 0, 0]), series('B', [5, 5, 5, 5, 5], 2 * MIN)];
    expect(ruleGrid(rule, metric, input, 4.5 * MIN)).toEqual({
      intervalMs: 2 * MIN,
      start: MIN,
      until: 4.5 * MIN,
    });
    expect(evaluateMetricRule(rule, metric, input, 4.5 * MIN)).toEqual([
      { series: 'B', start: 3 * MIN, end: null },
    ]);
    const inputs = { metrics: [{ id: 'm', series: input }], slis: [] };
    expect(evaluateWorkbookAlerts(wb, inputs, { until: 4.5 * MIN })[0]!.intervals).toEqual(
      evaluateMetricRule(rule, metric, input, 4.5 * MIN),
    );
  });

  it('reports an error instead of truncating when a metric has more series than max_series', () => {
    const wb = workbook(
      `  - { id: r, kind: threshold, metric: m, op: '>', value: 1, max_series: 1 }`,
    );
    const inputs = {
      metrics: [{ id: 'm', series: [series('A', [5]), series('B', [5])] }],
      slis: [],
    };
    expect(evaluateWorkbookAlerts(wb, inputs)).toEqual([
      {
        id: 'r',
        kind: 'threshold',
        error:
          'metric "m" has 2 series, more than this rule\'s limit of 1: narrow the metric\'s "by" or raise the rule\'s max_series',
        series: 2,
        intervals: [],
      },
    ]);
  });

  it('reports rules whose metric or SLI was not computed', () => {
    const wb = workbook(`  - { id: r, kind: threshold, metric: m, op: '>', value: 1 }
  - { id: b, kind: burn_rate, sli: s }`);
    expect(evaluateWorkbookAlerts(wb, { metrics: [], slis: [] }).map((r) => r.error)).toEqual([
      'metric "m" is not computed for this source',
      'SLI "s" is not computed for this source',
    ]);
  });

  it('fires an anomaly rule when the value leaves its rolling baseline by k deviations', () => {
    const wb = workbook(
      `  - { id: a, kind: anomaly, metric: m, k: 3, direction: below, window: 6m }`,
    );
    // baseline of the last point: 10, 12, 10, 12, 10, 12 → mean 11, sd √1.2; z of 0 ≈ −10
    const inputs = {
      metrics: [{ id: 'm', series: [series('A', [10, 12, 10, 12, 10, 12, 0])] }],
      slis: [],
    };
    expect(evaluateWorkbookAlerts(wb, inputs)[0]!.intervals).toEqual([
      { series: 'A', start: 7 * MIN, end: null },
    ]);
  });

  it('reads the robust anomaly options: median baseline, a deviation floor, warm-up, clear level', () => {
    // samples at minutes 1–8; with min_points 6 the first baseline is minute 7's: the window
    // {10, 12, 10, 12, 10, 12} has median 11 and MAD 1 (σ̂ 1.4826), so 9 is z ≈ −1.35; at
    // minute 8, {12, 10, 12, 10, 12, 9} has median 11 and MAD 1 too
    const inputs = {
      metrics: [{ id: 'm', series: [series('A', [10, 12, 10, 12, 10, 12, 9, 9])] }],
      slis: [],
    };
    const rule = (extra: string) =>
      workbook(
        `  - { id: a, kind: anomaly, metric: m, window: 6m, min_points: 6, baseline: median, ${extra} }`,
      );
    const fired = (extra: string) => evaluateWorkbookAlerts(rule(extra), inputs)[0]!.intervals;
    expect(fired('k: 1.5')).toEqual([]);
    expect(fired('k: 1')).toEqual([{ series: 'A', start: 7 * MIN, end: null }]);
    // a 2-unit drop is below a 3-unit floor, and below 20% of 11
    expect(fired('k: 1, min_deviation: 3')).toEqual([]);
    expect(fired('k: 1, min_relative_deviation: 0.2')).toEqual([]);
    expect(fired('k: 1, min_relative_deviation: 0.1')).toHaveLength(1);
    // warm-up 7m from the first sample (minute 1): minute 7 is still in it
    expect(fired('k: 1, warm_up: 7m')).toEqual([{ series: 'A', start: 8 * MIN, end: null }]);
    expect(rule('k: 1, clear_k: 0.5').alerts[0]).toMatchObject({ baseline: 'median', clearK: 0.5 });
    expect(() => rule('k: 1, clear_k: 2')).toThrow(/clear_k is the level it clears at: at most k/);
  });

  it('tells where an anomaly rule cannot fire yet: until its baseline has history, or its warm-up', () => {
    const rule = (extra: string) =>
      workbook(`  - { id: a, kind: anomaly, metric: m, k: 1, window: 6m, min_points: 6, ${extra} }`)
        .alerts[0] as AnomalyAlertDef;
    const metric = workbook('  []').metrics[0]!;
    const s = [series('A', [10, 12, 10, 12, 10, 12, 9, 9])];
    // samples at minutes 1–8: six points of history first exist at minute 7
    expect(anomalyWarmUp(rule('direction: both'), metric, s)).toEqual({ start: MIN, end: 7 * MIN });
    expect(anomalyWarmUp(rule('warm_up: 10m'), metric, s)).toEqual({ start: MIN, end: 11 * MIN });
    expect(anomalyWarmUp(rule('warm_up: 10m'), metric, [series('A', [])])).toBeNull();
  });

  it('evaluates a burn-rate rule on the SLI minute series', () => {
    const wb = workbook(
      `  - { id: b, kind: burn_rate, sli: s, pairs: [{ long: 2m, short: 1m, factor: 10 }] }`,
    );
    // 2-minute burn: 0, 50, 50, 0, 0; 1-minute: 0, 100, 0, 0, 0 → both above 10 only at minute 2
    const inputs = { metrics: [], slis: [{ id: 's', minutes: series('s', [0, 1, 0, 0, 0]) }] };
    expect(evaluateWorkbookAlerts(wb, inputs)[0]!.intervals).toEqual([
      { series: 's', start: 2 * MIN, end: 3 * MIN },
    ]);
  });
});
