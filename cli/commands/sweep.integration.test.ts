import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SweepReport } from '../sweep/sweep-report.ts';
import { runTapedeck } from '../testing/index.ts';

// Issue 9, point 7: `tapedeck sweep` on small kitchen recordings of different seeds and lengths.
const dir = mkdtempSync(path.join(tmpdir(), 'tapedeck-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string) => path.join(dir, `${name}.ndjson.gz`);
/** two recordings to choose on (seeds 21 and 22, 2 h and 3 h), one to test on (seed 23, 2 h) */
const RECORDINGS = [
  { name: 'train-a', seed: '21', duration: '2h' },
  { name: 'train-b', seed: '22', duration: '3h' },
  { name: 'held-out', seed: '23', duration: '2h' },
];
const SWEEP = [
  'sweep',
  '--recording',
  file('train-a'),
  '--recording',
  file('train-b'),
  '--holdout',
  file('held-out'),
  '--rule',
  'rejection-ratio-high',
  '--values',
  '0:1:41',
  '--for',
  '0,3m',
  // short recordings: one false alert is ~80 a week, so the budget is per recording-day
  '--goal',
  'recall,max-false-per-week=200',
];

beforeAll(async () => {
  const runs = await Promise.all(
    RECORDINGS.map(({ name, seed, duration }) =>
      runTapedeck([
        'scenario',
        'kitchen',
        '--seed',
        seed,
        '--duration',
        duration,
        '--orders-per-hour',
        '600',
        '--incidents',
        'rejection-spike',
        '--out',
        file(name),
      ]),
    ),
  );
  for (const run of runs) expect(run.code, run.stderr).toBe(0);
}, 180_000);

describe('tapedeck sweep', () => {
  it('chooses on the training recordings, recommends a value inside its safe range with its margin, and scores it on the held-out one', async () => {
    const run = await runTapedeck([...SWEEP, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as SweepReport;
    expect(report.format).toBe('tapedeck-sweep/1');
    expect(report.rule).toMatchObject({ id: 'rejection-ratio-high', metric: 'rejection-ratio' });
    expect(report.goal).toEqual({ maximize: 'recall', maxFalseAlertsPerWeek: 200 });
    expect(report.recordings.map((r) => [r.recording, r.role, r.swept])).toEqual([
      [file('train-a'), 'train', true],
      [file('train-b'), 'train', true],
      [file('held-out'), 'holdout', true],
    ]);
    expect(report.recordings.map((r) => Math.round(r.span.days * 24))).toEqual([2, 3, 2]);
    expect(report.values).toHaveLength(41);
    expect(report.forValues).toEqual([0, 180_000]);
    expect(report.rows).toHaveLength(82);
    expect(report.incomplete).toEqual([]);

    // every safe range is a run of rows marked safe, and the safe rows are exactly those
    const safeCount = report.safeRanges.reduce((n, r) => n + r.values, 0);
    expect(report.rows.filter((r) => r.safe)).toHaveLength(safeCount);

    const rec = report.recommendation!;
    expect(rec).not.toBeNull();
    const range = rec.safeRange;
    expect(report.safeRanges).toContainEqual(range);
    expect(range.forMs).toBe(rec.forMs);
    expect(rec.threshold).toBeGreaterThanOrEqual(range.from);
    expect(rec.threshold).toBeLessThanOrEqual(range.to);
    // the widest safe range
    for (const r of report.safeRanges) expect(r.width).toBeLessThanOrEqual(range.width + 1e-12);

    // the margin: every swept value within it keeps recall and false alerts; the next changes them
    const curve = report.rows.filter((r) => r.forMs === rec.forMs);
    const { below, above } = rec.margin;
    expect(below.value).toBeCloseTo(rec.threshold - below.distance, 12);
    expect(above.value).toBeCloseTo(rec.threshold + above.distance, 12);
    expect(below.value).toBeGreaterThanOrEqual(range.from);
    expect(above.value).toBeLessThanOrEqual(range.to);
    const same = (r: (typeof curve)[number]) =>
      r.score.recall === rec.score.recall && r.score.falseAlerts === rec.score.falseAlerts;
    for (const r of curve) {
      if (r.threshold >= below.value && r.threshold <= above.value) expect(same(r)).toBe(true);
    }
    for (const at of [below.changesAt, above.changesAt]) {
      if (at !== null) expect(same(curve.find((r) => r.threshold === at)!)).toBe(false);
    }
    expect(rec.perRecording.map((p) => p.recording)).toEqual([file('train-a'), file('train-b')]);

    // held out: the recommended threshold and for, scored on the recording it was not chosen on
    const held = report.heldOut!;
    expect([held.threshold, held.forMs]).toEqual([rec.threshold, rec.forMs]);
    expect(held.perRecording.map((p) => p.recording)).toEqual([file('held-out')]);
    expect(held.perRecording[0]!.score.incidents).toBe(report.recordings[2]!.incidents.length);
    expect(held.perRecording[0]!.score.perIncident.map((d) => d.incidentId)).toEqual(
      report.recordings[2]!.incidents,
    );
    expect(held.score).toMatchObject({
      incidents: held.perRecording[0]!.score.incidents,
      falseAlerts: held.perRecording[0]!.score.falseAlerts,
    });
    expect(typeof held.withinGoal).toBe('boolean');
  }, 240_000);

  it('prints the same as a table: the merged rows, the recommendation with its margin, and the held-out scores', async () => {
    const run = await runTapedeck(SWEEP);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Sweep of rejection-ratio-high');
    expect(run.stdout).toMatch(/^Recommended: rejection-ratio > \S+ for (0s|3m)/m);
    expect(run.stdout).toMatch(/the middle of the widest safe range \S+ … \S+ at for/);
    expect(run.stdout).toMatch(/margin below: −/);
    expect(run.stdout).toMatch(/margin above: \+/);
    expect(run.stdout).toMatch(
      /^Held out at > \S+ for \S+: (meets|does NOT meet) the goal's limits/m,
    );
    expect(run.stdout).toContain('held-out.ndjson.gz');
    expect(run.stderr).toContain('held out 3/3');
  }, 240_000);

  it('fails with exit 1 naming the bad input', async () => {
    const missing = await runTapedeck([
      'sweep',
      '--recording',
      file('train-a'),
      '--holdout',
      path.join(dir, 'nope.ndjson.gz'),
      '--rule',
      'rejection-ratio-high',
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`cannot read --holdout ${path.join(dir, 'nope.ndjson.gz')}`);

    const twice = await runTapedeck([
      'sweep',
      '--recording',
      file('train-a'),
      '--holdout',
      file('train-a'),
      '--rule',
      'rejection-ratio-high',
    ]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/is given twice/);

    const values = await runTapedeck([...SWEEP.slice(0, 9), '--values', '1:0:5']);
    expect(values.code).toBe(1);
    expect(values.stderr).toMatch(/--values.*to 0 is below from 1/);

    const goal = await runTapedeck([...SWEEP.slice(0, 9), '--goal', 'speed']);
    expect(goal.code).toBe(1);
    expect(goal.stderr).toMatch(/--goal.*"speed": expected recall or precision/);

    const none = await runTapedeck(['sweep', '--rule', 'rejection-ratio-high']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no --recording given/);

    const burn = await runTapedeck([
      'sweep',
      '--recording',
      file('train-a'),
      '--rule',
      'cluster-burn',
    ]);
    expect(burn.code).toBe(1);
    expect(burn.stderr).toMatch(/invalid --rule cluster-burn: its kind is burn_rate/);
  }, 240_000);
});
