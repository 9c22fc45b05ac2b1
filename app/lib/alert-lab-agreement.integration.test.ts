import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseWorkbook,
  scoreRule,
  type BacktestScore,
  type FiringInterval,
  type MetricAlertDef,
  type Workbook,
} from '../../engine/index.ts';
import { createNodeEngine } from '../../engine/node.ts';
import {
  labFiring,
  labRule,
  labScoring,
  scoreView,
  tunedRule,
  type ScoreView,
} from './alert-lab.ts';

/**
 * The alert lab and `tapedeck backtest --json` evaluate and score the same rules on the same
 * recording and workbook alike: the lab's path (its helpers, on the engine's frame, as
 * AlertLab.svelte calls them) against the CLI run as a user runs it. The workbook has a
 * per-region latency rule whose series are labelled `<region> · p50` / `<region> · p95`, with
 * incidents in its scope, anomaly rules, and a rule evaluated every 2m on a 1m metric. Two
 * replays: a recording starting on a whole minute replayed to its last record, and one whose
 * first record is at 10:00:37 replayed to 13:27:23 (inside a 1m window and a 5m hop, during
 * an incident).
 */

const WORKBOOK = `name: agreement
metrics:
  - id: rejection-ratio
    title: Rejection ratio per region
    unit: ratio
    kind: ratio
    topic: orders
    numerator: { kind: count, filter: "status = 'REJECTED'" }
    denominator: { kind: count, filter: "status IN ('ACCEPTED', 'REJECTED')" }
    by: region
    window: 1m
  - id: rejected-per-minute
    title: Rejected orders per minute
    unit: orders
    kind: count
    topic: orders-rejected
    window: 1m
  - id: time-per-order
    title: Time per order
    unit: s
    kind: latency
    topic: orders
    key: orderId
    from: { filter: "status = 'PLACED'" }
    to: { filter: "status = 'DELIVERED'" }
    stats: [p50, p95]
    by: region
    window: { size: 15m, hop: 5m }
alerts:
  - id: rejection-ratio-high
    title: Rejection ratio above 10% in a region
    kind: threshold
    metric: rejection-ratio
    op: '>'
    value: 0.1
    for: 3m
    catches: rejection-spike
    scope: region
  - id: rejections-high
    title: Rejected orders above 2 a minute
    kind: threshold
    metric: rejected-per-minute
    op: '>'
    value: 2
    for: 3m
    catches: rejection-spike
  - id: delivery-slow
    title: Time per order above 4600 s in a region
    kind: threshold
    metric: time-per-order
    op: '>'
    value: 4600
    for: 10m
    catches: delivery-slowdown
    scope: region
  - id: rejections-every-2m
    title: Rejected orders above 2 a minute, evaluated every 2m
    kind: threshold
    metric: rejected-per-minute
    op: '>'
    value: 2
    for: 2m
    keep_firing_for: 2m
    every: 2m
    catches: rejection-spike
  - id: rejections-anomaly
    title: Rejected orders far above their last half hour
    kind: anomaly
    metric: rejected-per-minute
    k: 3
    direction: above
    window: 30m
    for: 1m
    catches: rejection-spike
  - id: rejection-ratio-anomaly
    title: Rejection ratio of a region far off its last hour
    kind: anomaly
    metric: rejection-ratio
    k: 3
    window: 1h
    min_std: 0.01
    for: 2m
    every: 2m
    catches: rejection-spike
    scope: region
incidents:
  - { id: slow-abu-dhabi, kind: delivery-slowdown, start: '2026-01-05T11:30:00Z', end: '2026-01-05T12:00:00Z', scope: { region: Abu Dhabi } }
  - { id: slow-dubai, kind: delivery-slowdown, start: '2026-01-05T13:20:00Z', end: '2026-01-05T13:50:00Z', scope: { region: Dubai } }
  - { id: slow-jeddah, kind: delivery-slowdown, start: '2026-01-05T13:40:00Z', end: '2026-01-05T14:10:00Z', scope: { region: Jeddah } }
  - { id: slow-later, kind: delivery-slowdown, start: '2026-01-05T15:00:00Z', end: '2026-01-05T15:30:00Z', scope: { region: Dubai } }
backtest:
  tolerance: { before: 5m, after: 15m }
  flap: 10m
`;

/** What this test reads of a `tapedeck-backtest/1` document. */
interface CliReport {
  span: { start: { ms: number }; end: { ms: number } };
  rules: {
    id: string;
    kind: string;
    error: string | null;
    score: BacktestScore;
    intervals: { series: string; start: { ms: number }; end: { ms: number } | null }[];
  }[];
}

/** One threshold or anomaly rule as the lab's helpers evaluate and score it at the replay time. */
interface LabResult {
  id: string;
  error: string | null;
  incidents: string[];
  intervals: FiringInterval[];
  score: ScoreView;
}

/** One replay of a recording, by the CLI and by the lab. */
interface Replay {
  start: number;
  time: number;
  cli: CliReport;
  lab: LabResult[];
}

const MIN = 60_000;
const dir = mkdtempSync(path.join(tmpdir(), 'tapedeck-lab-agreement-'));
const workbookPath = path.join(dir, 'agreement.yaml');
let onTheMinute: Replay;
let midMinute: Replay;

function tapedeck(...args: string[]): string {
  return execFileSync(process.execPath, ['bin/tapedeck.js', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The workbook's threshold and anomaly rules, in workbook order. */
function metricRules(workbook: Workbook): MetricAlertDef[] {
  return workbook.alerts.filter((a): a is MetricAlertDef => a.kind !== 'burn_rate');
}

/**
 * The lab's evaluation and scoring of every threshold and anomaly rule at replay time `at`
 * (default the last record): a threshold rule as AlertLab.svelte derives it from its inputs
 * (the rule tuned to its own workbook values), an anomaly rule with the same helpers.
 */
async function labResults(recording: string, at?: number): Promise<LabResult[]> {
  const engine = await createNodeEngine();
  try {
    await engine.loadWorkbook(WORKBOOK, 'agreement.yaml');
    const source = await engine.loadRecording(
      readFileSync(recording),
      path.basename(recording),
      readFileSync(recording.replace(/\.ndjson\.gz$/, '.labels.json'), 'utf8'),
    );
    const workbook: Workbook = parseWorkbook(await engine.getWorkbook(), 'workbook');
    const range = { start: source.start, end: source.end };
    const frame = await engine.frame(at ?? range.end);
    return metricRules(workbook).map((def) => {
      const metric = workbook.metrics.find((m) => m.id === def.metric)!;
      const series = frame.metrics.find((m) => m.id === def.metric)?.series ?? [];
      const scoring = labScoring({
        workbook,
        rule: def,
        metric,
        series,
        incidents: source.incidents,
        range,
        until: frame.time,
      });
      const rule = def.kind === 'threshold' ? tunedRule(def, labRule(def)) : def;
      const { intervals, error } = labFiring(rule, metric, series, frame.time);
      return {
        id: def.id,
        error,
        incidents: scoring.incidents.map((i) => i.id),
        intervals,
        score: scoreView(scoreRule(intervals, scoring)),
      };
    });
  } finally {
    engine.close();
  }
}

/** A 4-hour kitchen recording (seed 13) from `start`, backtested by the CLI and by the lab up to `at`. */
async function replay(name: string, start: string, at?: string): Promise<Replay> {
  const recording = path.join(dir, `${name}.ndjson.gz`);
  // seed 13 puts a rejection spike in Dubai at 13:20–13:35, two regions' deliveries over 4600 s
  // after 13:20 and Abu Dhabi's under it before noon
  tapedeck(
    'scenario',
    'kitchen',
    '--seed',
    '13',
    '--duration',
    '4h',
    '--start',
    start,
    '--out',
    recording,
  );
  const cli = JSON.parse(
    tapedeck(
      'backtest',
      '--recording',
      recording,
      '--workbook',
      workbookPath,
      '--json',
      ...(at === undefined ? [] : ['--at', at]),
    ),
  ) as CliReport;
  const time = cli.span.end.ms;
  const lab = await labResults(recording, at === undefined ? undefined : Date.parse(at));
  return { start: cli.span.start.ms, time, cli, lab };
}

beforeAll(async () => {
  writeFileSync(workbookPath, WORKBOOK);
  onTheMinute = await replay('kitchen-4h', '2026-01-05T10:00:00Z');
  midMinute = await replay('kitchen-4h-37s', '2026-01-05T10:00:37Z', '2026-01-05T13:27:23Z');
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CLI's and the lab's answers for every threshold and anomaly rule are the same. */
function expectAgreement({ cli, lab }: Replay): void {
  expect(lab.map((r) => r.id)).toEqual(
    cli.rules.filter((r) => r.kind !== 'burn_rate').map((r) => r.id),
  );
  for (const mine of lab) {
    const theirs = cli.rules.find((r) => r.id === mine.id)!;
    expect(mine.error, mine.id).toBe(theirs.error);
    expect(mine.incidents, mine.id).toEqual(theirs.score.perIncident.map((d) => d.incidentId));
    expect(
      mine.intervals.map((iv) => ({ series: iv.series, start: iv.start, end: iv.end })),
      mine.id,
    ).toEqual(
      theirs.intervals.map((iv) => ({
        series: iv.series,
        start: iv.start.ms,
        end: iv.end?.ms ?? null,
      })),
    );
    const { alertsPerWeek, ...score } = mine.score;
    expect(alertsPerWeek, mine.id).toBeCloseTo(theirs.score.alertsPerDay * 7, 9);
    expect(score, mine.id).toEqual({
      recall: theirs.score.recall,
      precision: theirs.score.precision,
      alerts: theirs.score.alerts,
      trueAlerts: theirs.score.trueAlerts,
      falseAlerts: theirs.score.falseAlerts,
      meanTimeToDetectMs: theirs.score.meanTimeToDetectMs,
      alertsPerDay: theirs.score.alertsPerDay,
      flapping: theirs.score.flapping,
      perIncident: theirs.score.perIncident,
      // the lab shows the standard profile's normalised early-detection score
      earlyDetection: theirs.score.earlyDetection?.standard.normalized ?? null,
    });
  }
}

const cliRule = (r: Replay, id: string) => r.cli.rules.find((x) => x.id === id)!;

describe('alert lab and tapedeck backtest', () => {
  it('the latency rule is scored on `· p95` series against its in-scope incidents, the one after the replay left out', () => {
    const rule = cliRule(onTheMinute, 'delivery-slow');
    expect(rule.score.perIncident.map((d) => d.incidentId)).toEqual([
      'slow-abu-dhabi',
      'slow-dubai',
      'slow-jeddah',
    ]);
    // Abu Dhabi stays below the threshold; Dubai's and Jeddah's p95 series cross it
    expect(rule.score.perIncident.map((d) => d.detected)).toEqual([false, true, true]);
    expect(rule.score.recall).toBeCloseTo(2 / 3, 12);
    const detecting = rule.intervals.filter((iv) => iv.series === 'Dubai · p95');
    expect(detecting.length).toBeGreaterThan(0);
  });

  it('give every threshold and anomaly rule the same incidents, firing intervals and scores', () => {
    expect(ruleIds(onTheMinute)).toEqual([
      'rejection-ratio-high',
      'rejections-high',
      'delivery-slow',
      'rejections-every-2m',
      'rejections-anomaly',
      'rejection-ratio-anomaly',
    ]);
    expectAgreement(onTheMinute);
  });

  it('agree on a recording starting mid-minute, replayed to a time inside a window', () => {
    expect(new Date(midMinute.start).toISOString()).toBe('2026-01-05T10:00:37.000Z');
    expect(new Date(midMinute.time).toISOString()).toBe('2026-01-05T13:27:23.000Z');
    expect(ruleIds(midMinute)).toEqual(ruleIds(onTheMinute));
    expectAgreement(midMinute);
    // not vacuous: every rule is evaluated, and all but the latency rule (whose slowdown is not
    // detected by then) detect the rejection spike (13:20–13:35), some still firing at the
    // replay time
    for (const r of midMinute.lab) expect(r.error, r.id).toBeNull();
    for (const r of midMinute.lab.filter((x) => x.id !== 'delivery-slow')) {
      expect(r.score.trueAlerts, r.id).toBeGreaterThan(0);
    }
    expect(midMinute.lab.some((r) => r.intervals.some((iv) => iv.end === null))).toBe(true);
    // the grid starts at the metrics' first sample (a window end on the minute), not at the
    // first record, so alerts start and end on the minute as they do for a whole-minute start
    const times = midMinute.lab.flatMap((r) =>
      r.intervals.flatMap((iv) => (iv.end === null ? [iv.start] : [iv.start, iv.end])),
    );
    expect(times.length).toBeGreaterThan(0);
    expect(times.filter((t) => t % MIN !== 0)).toEqual([]);
  });
});

function ruleIds(r: Replay): string[] {
  return r.lab.map((x) => x.id);
}
