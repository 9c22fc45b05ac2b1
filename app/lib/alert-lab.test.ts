import { describe, expect, it } from 'vitest';
import type {
  MetricDef,
  Series,
  SweepSet,
  ThresholdAlertDef,
  Workbook,
} from '../../engine/index.ts';
import { evaluateMetricRule, sweepRange } from '../../engine/index.ts';
import type { Incident } from '../../formats/index.ts';
import {
  labFiring,
  labRule,
  labScoring,
  labSweepRequest,
  thresholdRules,
  tunedRule,
} from './alert-lab.ts';

const MIN = 60_000;

const rule = {
  id: 'r',
  title: 'R',
  description: '',
  severity: 'page',
  catches: ['rejection-spike'],
  scope: 'region',
  maxSeries: 100,
  kind: 'threshold',
  metric: 'm',
  op: '>',
  value: 0.1,
  forMs: 180_000,
  keepFiringForMs: 0,
  everyMs: null,
} satisfies ThresholdAlertDef;

const incident = (
  id: string,
  kind: string,
  start = 0,
  scope: Record<string, string> = {},
): Incident => ({ id, kind, start, end: start + 1, scope, description: '' });

describe('alert lab helpers', () => {
  it('lists threshold rules only and copies their tunable fields', () => {
    const burn = { ...rule, kind: 'burn_rate' } as unknown as Workbook['alerts'][number];
    expect(thresholdRules({ alerts: [burn, rule] })).toEqual([rule]);
    expect(labRule(rule)).toEqual({ op: '>', threshold: 0.1, forMs: 180_000, keepFiringForMs: 0 });
  });

  it("scores with the engine's ruleScoring over the replayed span, on the rule's grid from its metric's first sample", () => {
    const metric = {
      id: 'm',
      kind: 'latency',
      by: ['region'],
      stats: ['p50', 'p95'],
      window: { sizeMs: 60_000, hopMs: 60_000 },
    } as unknown as MetricDef;
    const wb = {
      metrics: [metric],
      backtest: { toleranceBeforeMs: 300_000, toleranceAfterMs: 900_000, flapMs: 600_000 },
    };
    const got = labScoring({
      workbook: wb,
      rule,
      metric,
      series: [series('Dubai · p95', 3000, [1]), series('Pune · p50', 4000, [1])],
      incidents: [
        incident('a', 'rejection-spike', 2000, { region: 'Dubai' }),
        incident('b', 'broker-outage', 2000, { region: 'Dubai' }),
        incident('later', 'rejection-spike', 6000, { region: 'Dubai' }),
      ],
      range: { start: 1000, end: 9000 },
      until: 5000,
    });
    expect(got.incidents.map((i) => i.id)).toEqual(['a']);
    expect(got.options).toEqual({
      intervalMs: 60_000,
      start: 3000,
      until: 5000,
      tolerance: { beforeMs: 300_000, afterMs: 900_000 },
      span: { start: 1000, end: 5000 },
      flapMinutes: 10,
      scope: {
        dimension: 'region',
        seriesValues: { 'Dubai · p95': 'Dubai', 'Pune · p50': 'Pune' },
      },
      rowMs: 60_000,
    });
  });
});

describe('labFiring', () => {
  const metric = {
    id: 'm',
    kind: 'count',
    window: { sizeMs: MIN, hopMs: MIN },
  } as unknown as MetricDef;
  // samples on the minute from 10:01; the source's first record was at 10:00:37
  const T = Date.parse('2026-01-05T10:01:00Z');
  const values = [0, 5, 5, 5, 5, 0, 5];

  it("is the engine's evaluation of the tuned rule, on a grid from the metric's first sample to the replay time", () => {
    const tuned = tunedRule(rule, { op: '>', threshold: 1, forMs: 2 * MIN, keepFiringForMs: 0 });
    expect(tuned).toEqual({ ...rule, value: 1, forMs: 2 * MIN });
    const input = [series('A', T, values), series('B', T, [5, 5, 5, 0, 0, 0, 0])];
    const until = T + 6 * MIN + 23_000;
    const got = labFiring(tuned, metric, input, until);
    expect(got).toEqual({
      intervals: evaluateMetricRule(tuned, metric, input, until),
      error: null,
    });
    expect(got.intervals).toEqual([
      { series: 'B', start: T + 2 * MIN, end: T + 3 * MIN },
      { series: 'A', start: T + 3 * MIN, end: T + 5 * MIN },
    ]);
  });

  it("gives the engine's error, and no intervals, for more series than max_series", () => {
    const got = labFiring(
      { ...rule, maxSeries: 1 },
      metric,
      [series('A', T, values), series('B', T, values)],
      T,
    );
    expect(got.intervals).toEqual([]);
    expect(got.error).toMatch(/2 series, more than this rule's limit of 1/);
  });
});

function series(label: string, first: number, values: number[]): Series {
  return {
    label,
    times: Float64Array.from(values, (_, k) => first + k * MIN),
    values: Float64Array.from(values),
  };
}

describe('labSweepRequest', () => {
  const s = (label: string, values: number[]): Series => ({
    label,
    times: Float64Array.from(values, (_, i) => i * MIN),
    values: Float64Array.from(values),
  });
  const options = {
    start: 0,
    stepMs: MIN,
    end: 10 * MIN,
    span: { start: 0, end: 10 * MIN },
    toleranceBeforeMs: 0,
    toleranceAfterMs: 0,
    flapMs: 0,
  } as unknown as SweepSet['options'];
  const set = (name: string, values: number[]): SweepSet => ({
    name,
    series: [s(name, values)],
    incidents: [],
    options,
  });
  const here = [s('Dubai', [0.1, 0.2])];
  const input = {
    series: here,
    scoring: { incidents: [incident('a', 'rejection-spike')], options },
    rule: labRule(rule),
  };

  it('trains on this replay alone without other sources, over its own values', () => {
    const req = labSweepRequest({ ...input, others: [] });
    expect(req.train).toEqual([
      { name: 'this replay', series: here, incidents: input.scoring.incidents, options },
    ]);
    expect(req.test).toEqual([]);
    expect(req.thresholds).toEqual(sweepRange([here[0]!.values]));
    expect(req.forValues).toEqual([rule.forMs]);
    expect(req.rule).toEqual({ op: '>', threshold: 0.1, forMs: 180_000, keepFiringForMs: 0 });
  });

  it('pools this replay with training sources, holds out the rest, and skips sources without a set', () => {
    const a = set('seed 2', [0.5, 0.9]);
    const b = set('seed 3', [0.05]);
    const req = labSweepRequest({
      ...input,
      others: [
        { role: 'holdout', set: b },
        { role: 'train', set: a },
        { role: 'train', set: null },
        { role: 'holdout', set: null },
      ],
      forValues: [0, 60_000],
    });
    expect(req.train.map((t) => t.name)).toEqual(['this replay', 'seed 2']);
    expect(req.test).toEqual([b]);
    // the range spans every training set (0.1 to 0.9), not the held-out one's 0.05
    expect(req.thresholds[0]).toBe(0.1);
    expect(req.thresholds.at(-1)).toBe(0.9);
    expect(req.thresholds).toEqual(sweepRange([here[0]!.values, a.series[0]!.values]));
    expect(req.forValues).toEqual([0, 60_000]);
  });
});
