import { describe, expect, it } from 'vitest';
import type { Incident } from '../../formats/index.ts';
import type { FiringInterval } from '../contract.ts';
import { parseWorkbook } from '../workbook/index.ts';
import {
  incidentsInScope,
  intervalIncidents,
  ruleScoring,
  scoreRule,
  seriesScopeValues,
} from './rule-scoring.ts';

const M = 60_000;
const T0 = Date.UTC(2026, 0, 5, 10, 0);

const workbook = parseWorkbook(
  `
name: scoring
metrics:
  - id: latency
    title: Latency
    unit: s
    kind: latency
    topic: orders
    key: orderId
    from: { filter: "status = 'PLACED'" }
    to: { filter: "status = 'DELIVERED'" }
    stats: [p50, p95]
    by: region
    window: 5m
  - { id: p95-only, title: P, unit: s, kind: latency, topic: orders, key: orderId, from: { filter: "s = 'A'" }, to: { filter: "s = 'B'" }, stats: [p95], by: region, window: 5m }
  - { id: pairs, title: Pairs, unit: x, kind: count, topic: orders, by: [region, aggregator], window: 1m }
alerts:
  - id: slow
    title: Slow deliveries
    kind: threshold
    metric: latency
    op: '>'
    value: 100
    catches: slowdown
    scope: region
  - { id: any, title: Any, kind: threshold, metric: pairs, op: '>', value: 1 }
backtest:
  tolerance: { before: 5m, after: 10m }
  flap: 10m
`,
  'scoring.yaml',
);
const metric = (id: string) => workbook.metrics.find((m) => m.id === id)!;
const rule = (id: string) => workbook.alerts.find((a) => a.id === id)!;

const incident = (
  id: string,
  kind: string,
  from: number,
  to: number,
  scope: Record<string, string>,
): Incident => ({ id, kind, start: T0 + from * M, end: T0 + to * M, scope, description: '' });

const span = { start: T0, end: T0 + 120 * M };

describe('seriesScopeValues', () => {
  it('takes the part of a label in the scope dimension position: `Dubai · p95` by region is Dubai', () => {
    expect(seriesScopeValues('region', metric('latency'), ['Dubai · p95', 'Pune · p50'])).toEqual({
      'Dubai · p95': 'Dubai',
      'Pune · p50': 'Pune',
    });
    expect(seriesScopeValues('region', metric('p95-only'), ['Dubai'])).toEqual({ Dubai: 'Dubai' });
    expect(seriesScopeValues('aggregator', metric('pairs'), ['Dubai · Talabat'])).toEqual({
      'Dubai · Talabat': 'Talabat',
    });
  });

  it('with the position unknown a label matches by any part or as a whole', () => {
    // not a dimension of the metric
    expect(seriesScopeValues('city', metric('latency'), ['Dubai · p95'])).toEqual({
      'Dubai · p95': ['Dubai · p95', 'Dubai', 'p95'],
    });
    // more parts than dimensions (a ` · ` inside a value)
    expect(seriesScopeValues('region', metric('p95-only'), ['Al Quoz · Dubai'])).toEqual({
      'Al Quoz · Dubai': ['Al Quoz · Dubai', 'Al Quoz', 'Dubai'],
    });
    // no metric (a burn-rate rule): a one-part label is its own value
    expect(seriesScopeValues('region', undefined, ['e2e-probe'])).toEqual({
      'e2e-probe': 'e2e-probe',
    });
  });
});

describe('incidentsInScope', () => {
  const all = [
    incident('in', 'slowdown', 20, 40, { region: 'Dubai' }),
    incident('straddles-start', 'slowdown', -10, 5, { region: 'Dubai' }),
    incident('ends-at-start', 'slowdown', -10, 0, { region: 'Dubai' }),
    incident('starts-at-end', 'slowdown', 120, 130, { region: 'Dubai' }),
    incident('other-kind', 'outage', 20, 40, { region: 'Dubai' }),
    incident('no-region', 'slowdown', 20, 40, {}),
  ];

  it('keeps the kinds a rule catches that overlap the span [start, end), with the scope key when the rule has a scope', () => {
    expect(incidentsInScope(rule('slow'), all, span).map((i) => i.id)).toEqual([
      'in',
      'straddles-start',
    ]);
  });

  it('a rule with scored: false keeps none', () => {
    expect(incidentsInScope({ catches: [], scope: null, scored: false }, all, span)).toEqual([]);
    expect(incidentsInScope({ ...rule('any'), scored: true }, all, span)).toHaveLength(4);
  });

  it('a rule without catches or scope keeps every kind, scoped or not, within the span', () => {
    expect(incidentsInScope(rule('any'), all, span).map((i) => i.id)).toEqual([
      'in',
      'straddles-start',
      'other-kind',
      'no-region',
    ]);
  });
});

describe('ruleScoring and scoreRule', () => {
  const incidents = [
    incident('a', 'slowdown', 20, 40, { region: 'Dubai' }),
    incident('b', 'slowdown', 60, 70, { region: 'Pune' }),
    incident('before', 'slowdown', -30, -5, { region: 'Dubai' }), // ended before the first record
    incident('after', 'slowdown', 130, 140, { region: 'Dubai' }), // after the replay time
    incident('unscoped', 'slowdown', 20, 40, {}),
    incident('other', 'outage', 20, 40, { region: 'Dubai' }),
  ];
  const intervals: FiringInterval[] = [
    // within a's tolerance [15m, 50m) in a's region: detects a, 2 min early
    { series: 'Dubai · p95', start: T0 + 18 * M, end: T0 + 30 * M },
    // at the same time, but Pune's series cannot detect Dubai's incident
    { series: 'Pune · p95', start: T0 + 25 * M, end: T0 + 35 * M },
    // after a's end + 10m: false
    { series: 'Dubai · p50', start: T0 + 100 * M, end: null },
    // would detect `before` (tolerance to 5m), which is outside the span: false
    { series: 'Dubai · p95', start: T0 + 2 * M, end: T0 + 4 * M },
  ];
  const scoring = ruleScoring({
    workbook,
    rule: rule('slow'),
    seriesLabels: intervals.map((i) => i.series),
    incidents,
    span,
  });

  it('scores a per-region latency rule with `· p95` labels against its in-scope incidents only', () => {
    expect(scoring.incidents.map((i) => i.id)).toEqual(['a', 'b']);
    expect(scoring.options).toEqual({
      tolerance: { beforeMs: 5 * M, afterMs: 10 * M },
      span,
      flapMinutes: 10,
      scope: {
        dimension: 'region',
        seriesValues: { 'Dubai · p95': 'Dubai', 'Pune · p95': 'Pune', 'Dubai · p50': 'Dubai' },
      },
      // early detection counts in the metric's 5m steps
      rowMs: 5 * M,
    });
    expect(scoreRule(intervals, scoring)).toEqual({
      incidents: 2,
      detected: 1,
      alerts: 4,
      trueAlerts: 1,
      falseAlerts: 3,
      recall: 0.5,
      precision: 0.25,
      alertsPerDay: 48, // 4 alerts in 2 h
      falseAlertsPerDay: 36,
      meanTimeToDetectMs: -2 * M,
      flapping: 0, // the two Dubai · p95 intervals are 14 min apart
      perIncident: [
        { incidentId: 'a', detected: true, timeToDetectMs: -2 * M },
        { incidentId: 'b', detected: false, timeToDetectMs: null },
      ],
      // NAB's score (early-detection.test.ts) on the rule's 5m rows, incidents in scope
      earlyDetection: expect.objectContaining({ windows: 2, probationAlerts: 1 }),
    });
  });

  it('intervalIncidents names the incidents each interval detects', () => {
    expect(intervals.map((iv) => intervalIncidents(iv, scoring))).toEqual([['a'], [], [], []]);
  });

  it('a rule without scope lets any series detect any incident it catches', () => {
    const any = ruleScoring({ workbook, rule: rule('any'), seriesLabels: [], incidents, span });
    expect(any.options.scope).toBeUndefined();
    const s = scoreRule(intervals, any);
    // a, b, unscoped, other are in the span; the first two intervals detect a, unscoped and other
    expect([s.incidents, s.detected, s.trueAlerts]).toEqual([4, 3, 2]);
  });

  it("a rule's own tolerance replaces the workbook's: a late metric's alert 55 min after the end detects", () => {
    // Dubai · p50 starts at 100 min: 60 min after a's end, past the workbook's 10 min
    const late = { ...rule('slow'), tolerance: { afterMs: 70 * M } };
    const own = ruleScoring({
      workbook,
      rule: late,
      seriesLabels: intervals.map((i) => i.series),
      incidents,
      span,
    });
    // `before` is left at the workbook's 5 min
    expect(own.options.tolerance).toEqual({ beforeMs: 5 * M, afterMs: 70 * M });
    expect(intervals.map((iv) => intervalIncidents(iv, own))).toEqual([['a'], [], ['a'], []]);
    const s = scoreRule(intervals, own);
    expect([s.detected, s.trueAlerts, s.falseAlerts]).toEqual([1, 2, 2]);
    // up to 60 min after the end is not 70: the interval at 100 min is false at 50 min
    const short = ruleScoring({
      workbook,
      rule: { ...rule('slow'), tolerance: { afterMs: 50 * M } },
      seriesLabels: intervals.map((i) => i.series),
      incidents,
      span,
    });
    expect(intervals.map((iv) => intervalIncidents(iv, short))).toEqual([['a'], [], [], []]);
  });
});
