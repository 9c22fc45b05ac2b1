import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseWorkbook,
  trainTestSweep,
  type SweepGoal,
  type ThresholdAlertDef,
  type TrainTestSweep,
} from '../../engine/index.ts';
import { createNodeEngine } from '../../engine/node.ts';
import { labRule, labScoring, labSweepRequest, type LabSweepRequest } from './alert-lab.ts';
import { labSourceSet, labSourceWorkbook, loadLabSource } from './lab-source-load.ts';

/**
 * Issue 9, point 7 in the lab: the alert lab's held-out path (this replay to train on, another
 * scenario seed generated in an engine of its own to hold out) chooses the same threshold as
 * `tapedeck sweep --recording … --holdout …` on recordings of the same seeds, and scores it on
 * the held-out seed alike, to the last count.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'tapedeck-lab-held-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RULE = 'rejection-ratio-high';
const GOAL: SweepGoal = { maximize: 'recall', maxFalseAlertsPerWeek: 200 };
const SCENARIO = { durationMs: 3 * 3_600_000, ordersPerHour: 600 };
const file = (name: string) => path.join(dir, `${name}.ndjson.gz`);

function tapedeck(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'node',
      ['bin/tapedeck.js', ...args],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const scenario = (seed: number, name: string) =>
  tapedeck([
    'scenario',
    'kitchen',
    '--seed',
    String(seed),
    '--duration',
    '3h',
    '--orders-per-hour',
    String(SCENARIO.ordersPerHour),
    '--incidents',
    'rejection-spike',
    '--out',
    file(name),
  ]);

/** What this test reads of a `tapedeck-sweep/1` document. */
interface SweepReport {
  values: number[];
  recordings: { role: string; incidents: string[] }[];
  recommendation: { threshold: number; forMs: number; safeRange: { from: number; to: number } };
  heldOut: {
    withinGoal: boolean;
    score: {
      incidents: number;
      detected: number;
      recall: number | null;
      precision: number | null;
      alerts: number;
      falseAlerts: number;
      falseAlertsPerWeek: number;
      meanTimeToDetectMs: number | null;
    };
  };
}

let cli: SweepReport;
let lab: { request: LabSweepRequest; result: TrainTestSweep; heldIncidents: string[] };

beforeAll(async () => {
  for (const run of await Promise.all([scenario(31, 'replayed'), scenario(32, 'held')])) {
    expect(run.code, run.stderr).toBe(0);
  }
  const sweep = tapedeck([
    'sweep',
    '--recording',
    file('replayed'),
    '--holdout',
    file('held'),
    '--rule',
    RULE,
    '--goal',
    'recall,max-false-per-week=200',
    '--json',
  ]);

  // The lab: the replayed recording in the app's engine, at its last record, as AlertLab.svelte
  // derives its inputs; the held-out seed generated in a second engine (`LabSources` opens one).
  const replayed = await createNodeEngine();
  const other = await createNodeEngine();
  try {
    const summary = await replayed.loadRecording(
      readFileSync(file('replayed')),
      'replayed.ndjson.gz',
      readFileSync(path.join(dir, 'replayed.labels.json'), 'utf8'),
    );
    const text = await replayed.getWorkbook();
    const workbook = parseWorkbook(text, 'workbook');
    const def = workbook.alerts.find((a): a is ThresholdAlertDef => a.id === RULE)!;
    const metric = workbook.metrics.find((m) => m.id === def.metric)!;
    const frame = await replayed.frame(summary.end);
    const series = frame.metrics.find((m) => m.id === def.metric)!.series;
    const scoring = labScoring({
      workbook,
      rule: def,
      metric,
      series,
      incidents: summary.incidents,
      range: { start: summary.start, end: summary.end },
      until: summary.end,
    });
    const data = await loadLabSource(
      other,
      {
        kind: 'scenario',
        name: 'seed 32',
        params: { seed: 32, ...SCENARIO, incidents: ['rejection-spike'] },
      },
      labSourceWorkbook(workbook),
    );
    const held = labSourceSet('seed 32', data, workbook, def, metric);
    expect(held.error).toBeNull();
    const request = labSweepRequest({
      series,
      scoring,
      others: [{ role: 'holdout', set: held.set }],
      rule: labRule(def),
    });
    lab = {
      request,
      result: trainTestSweep({ ...request, goal: GOAL }),
      heldIncidents: held.set!.incidents.map((i) => i.id),
    };
  } finally {
    replayed.close();
    other.close();
  }
  const run = await sweep;
  expect(run.code, run.stderr).toBe(0);
  cli = JSON.parse(run.stdout) as SweepReport;
}, 240_000);

describe('the alert lab with a held-out seed', () => {
  it('sweeps the thresholds tapedeck sweep sweeps, and recommends the same one', () => {
    expect(lab.request.thresholds).toEqual(cli.values);
    expect(lab.request.train.map((s) => s.name)).toEqual(['this replay']);
    const rec = lab.result.recommendation!;
    expect(rec).not.toBeNull();
    expect({ threshold: rec.row.threshold, forMs: rec.row.forMs }).toEqual({
      threshold: cli.recommendation!.threshold,
      forMs: cli.recommendation!.forMs,
    });
    expect(rec.range.from).toBe(cli.recommendation!.safeRange.from);
    expect(rec.range.to).toBe(cli.recommendation!.safeRange.to);
  });

  it('scores the recommendation on the held-out seed as the CLI scores it on its recording', () => {
    const held = lab.result.heldOut!;
    expect(held).not.toBeNull();
    expect(lab.heldIncidents).toEqual(cli.recordings.find((r) => r.role === 'holdout')!.incidents);
    expect(held.pooled.incidents).toBeGreaterThan(0);
    const p = held.pooled;
    expect({
      incidents: p.incidents,
      detected: p.detected,
      recall: p.recall,
      precision: p.precision,
      alerts: p.alerts,
      falseAlerts: p.falseAlerts,
      falseAlertsPerWeek: p.falseAlertsPerDay * 7,
      meanTimeToDetectMs: p.meanTimeToDetectMs,
    }).toEqual({
      incidents: cli.heldOut!.score.incidents,
      detected: cli.heldOut!.score.detected,
      recall: cli.heldOut!.score.recall,
      precision: cli.heldOut!.score.precision,
      alerts: cli.heldOut!.score.alerts,
      falseAlerts: cli.heldOut!.score.falseAlerts,
      falseAlertsPerWeek: cli.heldOut!.score.falseAlertsPerWeek,
      meanTimeToDetectMs: cli.heldOut!.score.meanTimeToDetectMs,
    });
    expect(held.withinGoal).toBe(cli.heldOut!.withinGoal);
  });
});
