import { describe, expect, it } from 'vitest';
import type { AlertRuleResult } from '../../engine/index.ts';
import { parseWorkbook } from '../../engine/node.ts';
import type { Incident } from '../../formats/index.ts';
import { backtestReport, BACKTEST_FORMAT } from './backtest-report.ts';
import { backtestTable, humanDuration } from './backtest-table.ts';
import { minRecallMessage } from './run-backtest.ts';

const M = 60_000;
const T0 = Date.UTC(2026, 0, 5, 10, 0);

const workbook = parseWorkbook(
  `
name: tiny
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
    by: [region, aggregator]
    window: 5m
alerts:
  - id: slow
    title: Slow deliveries
    kind: threshold
    metric: latency
    op: '>'
    value: 100
    for: 5m
    catches: slowdown
    scope: region
backtest:
  tolerance: { before: 5m, after: 10m }
  flap: 10m
`,
  'tiny.yaml',
);

const incident = (
  id: string,
  kind: string,
  from: number,
  to: number,
  scope: Record<string, string>,
): Incident => ({
  id,
  kind,
  start: T0 + from * M,
  end: T0 + to * M,
  scope,
  description: '',
});

const incidents = [
  incident('a', 'slowdown', 25, 60, { region: 'Dubai' }),
  incident('b', 'slowdown', 100, 110, { region: 'Pune' }),
  incident('c', 'other', 25, 60, { region: 'Dubai' }), // not a kind the rule catches
  incident('d', 'slowdown', 200, 210, { region: 'Dubai' }), // after the replay time
  incident('e', 'slowdown', 25, 60, {}), // no region: out of the rule's scope
];

const results: AlertRuleResult[] = [
  {
    id: 'slow',
    kind: 'threshold',
    error: null,
    series: 3,
    intervals: [
      // starts 5 min before incident a, within the 5m tolerance: detects it (time to detect −5m)
      { series: 'Dubai · Talabat · p95', start: T0 + 20 * M, end: T0 + 40 * M },
      // at the same time, but Pune's series cannot detect Dubai's incident
      { series: 'Pune · Uber · p95', start: T0 + 30 * M, end: null },
      // after a's end + 10m tolerance: false
      { series: 'Dubai · Uber · p50', start: T0 + 75 * M, end: T0 + 80 * M },
    ],
  },
];

const reportInput = {
  recording: 'r.ndjson',
  labels: 'r.labels.json',
  workbookName: 'tiny.yaml',
  workbook,
  results,
  incidents,
  unavailable: [],
  span: { start: T0, end: T0 + 180 * M },
  accounting: {
    lines: 1234,
    records: 1234,
    malformedLines: 0,
    blankLines: 0,
    malformed: [],
    excludedRecords: 0,
    faults: [],
    faultCount: 0,
  },
  minRecall: 0.6,
};
const report = backtestReport(reportInput);

describe('backtestReport', () => {
  it('scores against the incidents the rule catches, in scope by the series label region, before the replay time', () => {
    const rule = report.rules[0]!;
    expect(report.format).toBe(BACKTEST_FORMAT);
    expect(rule.condition).toBe('latency > 100 for 5m');
    expect(rule.score).toEqual({
      incidents: 2,
      detected: 1,
      alerts: 3,
      trueAlerts: 1,
      falseAlerts: 2,
      recall: 0.5,
      precision: 1 / 3,
      alertsPerDay: 24, // 3 alerts in 3 h
      falseAlertsPerDay: 16,
      meanTimeToDetectMs: -5 * M,
      flapping: 0,
      perIncident: [
        { incidentId: 'a', detected: true, timeToDetectMs: -5 * M },
        { incidentId: 'b', detected: false, timeToDetectMs: null },
      ],
      // NAB's score over 180 one-minute rows: the 10:20 alert is in its probation (27 rows)
      earlyDetection: expect.objectContaining({ windows: 2, probationAlerts: 1 }),
    });
    expect(rule.intervals.map((i) => i.incidents)).toEqual([['a'], [], []]);
    expect(rule.intervals[1]!.end).toBeNull();
    expect(rule.intervals[0]!.start).toEqual({ iso: '2026-01-05T10:20:00.000Z', ms: T0 + 20 * M });
    expect(report.span.days).toBe(0.125);
  });

  it('--min-recall names the rules with incidents in scope below it', () => {
    expect(report.belowMinRecall).toEqual(['slow']);
    expect(minRecallMessage(report)).toBe('recall below --min-recall 0.6: slow 1/2 = 0.50');
    expect(minRecallMessage({ ...report, belowMinRecall: [] })).toBeNull();
  });

  it('a rule that could not be evaluated reports its error and no intervals', () => {
    const failed = backtestReport({
      ...{ recording: 'r', labels: null, workbookName: 'w', workbook, incidents, unavailable: [] },
      results: [
        {
          id: 'slow',
          kind: 'threshold',
          error: 'metric "latency" is not computed',
          series: 0,
          intervals: [],
        },
      ],
      span: { start: T0, end: T0 + 180 * M },
      accounting: {
        lines: 1,
        records: 1,
        malformedLines: 0,
        blankLines: 0,
        malformed: [],
        excludedRecords: 0,
        faults: [],
        faultCount: 0,
      },
    });
    expect(failed.rules[0]!.error).toBe('metric "latency" is not computed');
    expect(failed.incomplete).toEqual([
      { kind: 'rule', id: 'slow', reason: 'metric "latency" is not computed' },
    ]);
    expect(failed.rules[0]!.score.recall).toBe(0);
    expect(failed.belowMinRecall).toEqual([]);
  });
});

describe('backtestTable', () => {
  it('prints one score line per rule and each interval with its verdict', () => {
    const text = backtestTable(report);
    const row = text.split('\n').find((l) => l.startsWith('slow '))!;
    expect(row.split(/\s{2,}/)).toEqual([
      'slow',
      'threshold',
      '3',
      '3',
      '1',
      '2',
      '1/2 50%',
      '33%',
      '−5m',
      // the report's early-detection score (standard profile, normalised), one decimal
      report.rules[0]!.score.earlyDetection!.standard.normalized!.toFixed(1),
      '24.0',
      '0',
    ]);
    expect(text).toContain('2026-01-05 10:20 → 10:40 (20m)  detects a');
    expect(text).toContain('2026-01-05 10:30 → still firing  false alert');
    expect(text).toContain('  missed: b');
  });

  it('a rule with its own tolerance is scored with it, and the table says so', () => {
    const late = {
      ...workbook,
      alerts: workbook.alerts.map((a) => ({ ...a, tolerance: { afterMs: 20 * M } })),
    };
    const own = backtestReport({ ...reportInput, workbook: late });
    // the p50 alert at 75 min is 15 min after a's end: within 20 min, it detects a
    expect(own.rules[0]!.tolerance).toEqual({ beforeMs: 5 * M, afterMs: 20 * M });
    expect(own.rules[0]!.intervals.map((i) => i.incidents)).toEqual([['a'], [], ['a']]);
    const text = backtestTable(own);
    expect(text).toContain(
      'from 5m before it to 10m after its end (a rule with its own tolerance says so below)',
    );
    expect(text).toContain(
      'slow — Slow deliveries (latency > 100 for 5m; detects from 5m before an incident to 20m after its end)',
    );
    // the workbook's own: neither
    expect(backtestTable(report)).not.toContain('its own tolerance');
    expect(report.rules[0]!.tolerance).toEqual({ beforeMs: 5 * M, afterMs: 10 * M });
  });

  it('durations read as people write them', () => {
    expect(humanDuration(45_000)).toBe('45s');
    expect(humanDuration(19 * M)).toBe('19m');
    expect(humanDuration(90_000)).toBe('1m30s');
    expect(humanDuration(125 * M)).toBe('2h05m');
    expect(humanDuration(27 * 60 * M)).toBe('1d3h');
    expect(humanDuration(4 * M, true)).toBe('+4m');
  });
});
