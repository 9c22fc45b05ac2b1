import { describe, expect, it } from 'vitest';
import type { MetricDef, Series, ThresholdAlertDef } from '../contract.ts';
import type { Incident } from '../../formats/index.ts';
import { evaluateMetricRule, ruleGrid } from '../workbook/evaluate-alerts.ts';
import { ruleScoring, scoreRule } from './rule-scoring.ts';
import { sweepSets } from './sweep-sets.ts';
import { ruleSweepSet, sourceSweepSet } from './train-test-sweep.ts';

const T0 = Date.UTC(2026, 0, 5);
const M = 60_000;

const metric = {
  id: 'm',
  kind: 'aggregate',
  by: ['region'],
  window: { sizeMs: M, hopMs: M },
} as unknown as MetricDef;

const rule = {
  id: 'r',
  title: 'R',
  description: '',
  severity: 'page',
  catches: ['spike'],
  scope: 'region',
  maxSeries: 100,
  kind: 'threshold',
  metric: 'm',
  op: '>',
  value: 4,
  forMs: 2 * M,
  keepFiringForMs: M,
  everyMs: null,
} satisfies ThresholdAlertDef;

const workbook = {
  metrics: [metric],
  backtest: { toleranceBeforeMs: 5 * M, toleranceAfterMs: 15 * M, flapMs: 10 * M },
};

function series(label: string, first: number, values: number[]): Series {
  return {
    label,
    times: Float64Array.from(values, (_, k) => T0 + (first + k) * M),
    values: Float64Array.from(values),
  };
}

const incident = (id: string, kind: string, start: number, region: string): Incident => ({
  id,
  kind,
  start: T0 + start * M,
  end: T0 + (start + 10) * M,
  scope: { region },
  description: '',
});

describe('ruleSweepSet', () => {
  const wave = (k: number) => (k % 17 < 5 ? 6 : k % 7);
  const all = [
    series(
      'Dubai',
      3,
      Array.from({ length: 120 }, (_, k) => wave(k)),
    ),
    series(
      'Pune',
      10,
      Array.from({ length: 100 }, (_, k) => wave(k + 3)),
    ),
  ];
  const incidents = [
    incident('a', 'spike', 20, 'Dubai'),
    incident('b', 'spike', 60, 'Pune'),
    incident('c', 'outage', 20, 'Dubai'),
  ];
  const span = { start: T0, end: T0 + 100 * M };
  const set = ruleSweepSet({ name: 's', workbook, rule, metric, series: all, incidents, span });

  it('scores as ruleScoring does, on the grid evaluateMetricRule evaluates on', () => {
    const scoring = ruleScoring({
      workbook,
      rule,
      seriesLabels: ['Dubai', 'Pune'],
      incidents,
      span,
    });
    expect(set.incidents).toEqual(scoring.incidents);
    expect(set.options).toEqual({ ...ruleGrid(rule, metric, all, span.end), ...scoring.options });
  });

  it("at the rule's own value and for scores exactly what the rule's evaluation scores", () => {
    const [row] = sweepSets(
      [set],
      { op: rule.op, threshold: 0, forMs: 0, keepFiringForMs: rule.keepFiringForMs },
      [rule.value],
      [rule.forMs],
    );
    const intervals = evaluateMetricRule(rule, metric, all, span.end);
    expect(intervals.length).toBeGreaterThan(3);
    const scoring = ruleScoring({
      workbook,
      rule,
      seriesLabels: ['Dubai', 'Pune'],
      incidents,
      span,
    });
    expect(row!.score).toEqual(scoreRule(intervals, scoring));
  });
});

describe('sourceSweepSet', () => {
  const span = { start: T0, end: T0 + 60 * M };
  const one = [series('Dubai', 0, [1, 5, 6, 7, 2, 1])];
  const input = { name: 'seed 2', workbook, rule, metric, incidents: [], span };

  it('is ruleSweepSet when the rule can be evaluated on the series', () => {
    expect(sourceSweepSet({ ...input, series: one })).toEqual({
      set: ruleSweepSet({ ...input, series: one }),
      error: null,
    });
  });

  it('names the metric when the source does not compute it', () => {
    expect(sourceSweepSet({ ...input, series: undefined })).toEqual({
      set: null,
      error: 'metric m is not computed for this source',
    });
  });

  it("gives the engine's own error when the rule cannot be evaluated there", () => {
    const three = ['Dubai', 'Pune', 'Lima'].map((l) => series(l, 0, [1, 2]));
    const capped = { ...rule, maxSeries: 2 };
    let expected = '';
    try {
      evaluateMetricRule(capped, metric, three, span.end);
    } catch (err) {
      expected = (err as Error).message;
    }
    expect(expected).toMatch(/3 series/);
    expect(sourceSweepSet({ ...input, rule: capped, series: three })).toEqual({
      set: null,
      error: expected,
    });
  });
});
