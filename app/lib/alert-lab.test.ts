import { describe, expect, it } from 'vitest';
import type { MetricDef, ThresholdAlertDef, Workbook } from '../../engine/index.ts';
import type { Incident } from '../../formats/index.ts';
import { incidentsFor, labOptions, labRule, thresholdRules, withLabChanges } from './alert-lab.ts';

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

const incident = (id: string, kind: string): Incident => ({
  id,
  kind,
  start: 0,
  end: 1,
  scope: {},
  description: '',
});

describe('alert lab helpers', () => {
  it('keeps only the incidents of the kinds a rule catches, all when it names none', () => {
    const all = [incident('a', 'rejection-spike'), incident('b', 'broker-outage')];
    expect(incidentsFor(rule, all).map((i) => i.id)).toEqual(['a']);
    expect(incidentsFor({ catches: [] }, all).map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('lists threshold rules only and copies their tunable fields', () => {
    const burn = { ...rule, kind: 'burn_rate' } as unknown as Workbook['alerts'][number];
    expect(thresholdRules({ alerts: [burn, rule] })).toEqual([rule]);
    expect(labRule(rule)).toEqual({ op: '>', threshold: 0.1, forMs: 180_000, keepFiringForMs: 0 });
  });

  it('scores over the source span with the workbook tolerances, flap window and rule scope', () => {
    const metric = { window: { sizeMs: 60_000, hopMs: 60_000 }, kind: 'ratio' } as MetricDef;
    const wb = {
      backtest: { toleranceBeforeMs: 300_000, toleranceAfterMs: 900_000, flapMs: 600_000 },
    };
    const got = labOptions(wb, rule, metric, { start: 1000, end: 9000 }, 5000);
    expect(got).toEqual({
      intervalMs: 60_000,
      start: 1000,
      until: 5000,
      tolerance: { beforeMs: 300_000, afterMs: 900_000 },
      span: { start: 1000, end: 5000 },
      flapMinutes: 10,
      scope: { dimension: 'region' },
    });
  });
});

describe('withLabChanges', () => {
  const wb = {
    name: 'w',
    alerts: [rule, { ...rule, id: 'other' }],
    incidents: [],
  } as unknown as Workbook;

  it('writes the tuned rule and the labels into the workbook, leaving other rules alone', () => {
    const tuned = { op: '>=' as const, threshold: 0.25, forMs: 60_000, keepFiringForMs: 120_000 };
    const labels = [incident('a', 'rejection-spike')];
    const got = withLabChanges(wb, 'r', tuned, labels);
    expect(got.alerts[0]).toMatchObject({
      id: 'r',
      op: '>=',
      value: 0.25,
      forMs: 60_000,
      keepFiringForMs: 120_000,
    });
    expect(got.alerts[1]).toMatchObject({ id: 'other', op: '>', value: 0.1, forMs: 180_000 });
    expect(got.incidents).toEqual(labels);
    expect(wb.alerts[0]).toMatchObject({ value: 0.1 });
  });

  it('names an unknown rule', () => {
    expect(() => withLabChanges(wb, 'nope', labRule(rule), [])).toThrow(/rule "nope"/);
  });
});
