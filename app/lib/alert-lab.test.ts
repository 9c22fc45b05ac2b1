import { describe, expect, it } from 'vitest';
import type { MetricDef, ThresholdAlertDef, Workbook } from '../../engine/index.ts';
import type { Incident } from '../../formats/index.ts';
import { labRule, labScoring, thresholdRules, withLabChanges } from './alert-lab.ts';

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

  it("scores with the engine's ruleScoring over the replayed span, on the rule's metric step from the source start", () => {
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
      seriesLabels: ['Dubai · p95', 'Pune · p50'],
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
      start: 1000,
      until: 5000,
      tolerance: { beforeMs: 300_000, afterMs: 900_000 },
      span: { start: 1000, end: 5000 },
      flapMinutes: 10,
      scope: {
        dimension: 'region',
        seriesValues: { 'Dubai · p95': 'Dubai', 'Pune · p50': 'Pune' },
      },
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
