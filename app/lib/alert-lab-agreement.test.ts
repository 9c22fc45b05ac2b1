import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  evaluateThresholdAll,
  parseWorkbook,
  scoreRule,
  type BacktestScore,
  type FiringInterval,
  type Workbook,
} from '../../engine/index.ts';
import { createNodeEngine } from '../../engine/node.ts';
import { labRule, labScoring, scoreView, thresholdRules, type ScoreView } from './alert-lab.ts';

/**
 * The alert lab and `tapedeck backtest --json` score the same rules on the same recording and
 * workbook alike: the lab's path (its helpers, on the engine's frame, as AlertLab.svelte calls
 * them) against the CLI run as a user runs it. The workbook has a per-region latency rule whose
 * series are labelled `<region> · p50` / `<region> · p95`, with incidents in its scope.
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
  rules: {
    id: string;
    score: BacktestScore;
    intervals: { series: string; start: { ms: number }; end: { ms: number } | null }[];
  }[];
}

/** One threshold rule as the alert lab shows it at the end of the replay. */
interface LabResult {
  id: string;
  incidents: string[];
  intervals: FiringInterval[];
  score: ScoreView;
}

const dir = mkdtempSync(path.join(tmpdir(), 'tapedeck-lab-agreement-'));
const recording = path.join(dir, 'kitchen-4h.ndjson.gz');
const workbookPath = path.join(dir, 'agreement.yaml');
let cli: CliReport;
let lab: LabResult[];

function tapedeck(...args: string[]): string {
  return execFileSync(process.execPath, ['bin/tapedeck.js', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The lab's scoring of every threshold rule, as AlertLab.svelte derives it from its inputs. */
async function labResults(): Promise<LabResult[]> {
  const engine = await createNodeEngine();
  try {
    await engine.loadWorkbook(WORKBOOK, 'agreement.yaml');
    const source = await engine.loadRecording(
      readFileSync(recording),
      path.basename(recording),
      readFileSync(path.join(dir, 'kitchen-4h.labels.json'), 'utf8'),
    );
    const workbook: Workbook = parseWorkbook(await engine.getWorkbook(), 'workbook');
    const range = { start: source.start, end: source.end };
    const frame = await engine.frame(range.end);
    return thresholdRules(workbook).map((def) => {
      const metric = workbook.metrics.find((m) => m.id === def.metric)!;
      const series = frame.metrics.find((m) => m.id === def.metric)?.series ?? [];
      const scoring = labScoring({
        workbook,
        rule: def,
        metric,
        seriesLabels: series.map((s) => s.label),
        incidents: source.incidents,
        range,
        until: frame.time,
      });
      const intervals =
        series.length === 0 ? [] : evaluateThresholdAll([...series], labRule(def), scoring.options);
      return {
        id: def.id,
        incidents: scoring.incidents.map((i) => i.id),
        intervals,
        score: scoreView(scoreRule(intervals, scoring)),
      };
    });
  } finally {
    engine.close();
  }
}

beforeAll(async () => {
  tapedeck(
    'scenario',
    'kitchen',
    '--duration',
    '4h',
    '--start',
    '2026-01-05T10:00:00Z',
    '--out',
    recording,
  );
  writeFileSync(workbookPath, WORKBOOK);
  cli = JSON.parse(
    tapedeck('backtest', '--recording', recording, '--workbook', workbookPath, '--json'),
  ) as CliReport;
  lab = await labResults();
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cliRule = (id: string) => cli.rules.find((r) => r.id === id)!;

describe('alert lab and tapedeck backtest', () => {
  it('the latency rule is scored on `· p95` series against its in-scope incidents, the one after the replay left out', () => {
    const rule = cliRule('delivery-slow');
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

  it('give every threshold rule the same incidents, firing intervals and scores', () => {
    expect(lab.map((r) => r.id)).toEqual([
      'rejection-ratio-high',
      'rejections-high',
      'delivery-slow',
    ]);
    for (const mine of lab) {
      const theirs = cliRule(mine.id);
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
      });
    }
  });
});
