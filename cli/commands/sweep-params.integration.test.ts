import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runTapedeck } from '../testing/index.ts';

/**
 * Issue 15, point 1: `tapedeck sweep --param` searches any parameter of an anomaly rule over
 * real labelled data (NAB files imported as recordings), and each candidate's scores are the
 * ones `tapedeck backtest` gives the rule with those parameters: one scoring path.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'tapedeck-sweep-params-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NAB = 'test/fixtures/nab';
const file = (name: string) => path.join(dir, `${name}.ndjson.gz`);

interface Score {
  incidents: number;
  detected: number;
  alerts: number;
  falseAlerts: number;
  meanTimeToDetectMs: number | null;
  /** the sweep report has the normalised score, the backtest report the whole profile score */
  earlyDetection: { standard: number | null | { normalized: number | null } };
}

const SWEEP = [
  'sweep',
  '--workbook',
  'workbooks/nab.yaml',
  '--rule',
  'value-anomaly',
  '--recording',
  file('ec2_cpu_utilization_24ae8d'),
  '--holdout',
  file('art_daily_jumpsup'),
  '--goal',
  'recall,max-false-per-week=10',
  '--json',
];

beforeAll(async () => {
  for (const name of ['ec2_cpu_utilization_24ae8d', 'art_daily_jumpsup']) {
    const run = await runTapedeck([
      'import',
      'csv',
      `${NAB}/${name}.csv`,
      '--topic',
      'nab',
      '--out',
      file(name),
      '--nab-windows',
      `${NAB}/combined_windows.json`,
    ]);
    expect(run.code, run.stderr).toBe(0);
  }
}, 60_000);

describe('tapedeck sweep --param', () => {
  it("searches an anomaly rule's k, window and baseline floor as a grid, scoring each as the backtest does", async () => {
    const run = await runTapedeck([
      ...SWEEP,
      '--param',
      'k=2:4:1',
      '--param',
      'window=6h,1d',
      '--param',
      'min_relative_deviation=0,0.2',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.format).toBe('tapedeck-sweep-params/1');
    expect(report.search.ranges).toEqual([
      { name: 'k', values: [2, 3, 4] },
      { name: 'window', values: [21_600_000, 86_400_000] },
      { name: 'min_relative_deviation', values: [0, 0.2] },
    ]);
    expect(report.candidates).toHaveLength(12);
    expect(report.candidates[1].params).toEqual({
      k: 2,
      window: 21_600_000,
      min_relative_deviation: 0.2,
    });
    const rec = report.recommended;
    expect(rec).not.toBeNull();
    expect(rec.rank).toBe(1);
    expect(rec.margins.map((m: { name: string }) => m.name)).toEqual([
      'k',
      'window',
      'min_relative_deviation',
    ]);

    // The recommended setting, written into the workbook and backtested on each recording,
    // scores exactly what the search said, on the training and on the held-out recording.
    const wb = parse(readFileSync('workbooks/nab.yaml', 'utf8'));
    const rule = wb.alerts[0];
    rule.k = rec.params.k;
    rule.window = `${rec.params.window / 3_600_000}h`;
    rule.min_relative_deviation = rec.params.min_relative_deviation;
    const tuned = path.join(dir, 'tuned.yaml');
    writeFileSync(tuned, stringify(wb));
    const backtest = async (name: string): Promise<Score> => {
      const r = await runTapedeck([
        'backtest',
        '--recording',
        file(name),
        '--workbook',
        tuned,
        '--json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout).rules[0].score;
    };
    const pick = (s: Score) => ({
      incidents: s.incidents,
      detected: s.detected,
      alerts: s.alerts,
      falseAlerts: s.falseAlerts,
      meanTimeToDetectMs: s.meanTimeToDetectMs,
      early:
        typeof s.earlyDetection.standard === 'object' && s.earlyDetection.standard !== null
          ? s.earlyDetection.standard.normalized
          : s.earlyDetection.standard,
    });
    const train = await backtest('ec2_cpu_utilization_24ae8d');
    const held = await backtest('art_daily_jumpsup');
    expect(pick(rec.train)).toEqual(pick(train));
    expect(pick(rec.holdout)).toEqual(pick(held));
    expect(train.incidents).toBe(2);
  }, 240_000);

  it('draws a seeded random search of the stated budget, the same every run', async () => {
    const args = [
      ...SWEEP,
      '--param',
      'k=1:5:0.25',
      '--param',
      'for=0,5m,10m',
      '--search',
      'random',
      '--budget',
      '6',
      '--seed',
      '3',
    ];
    const [a, b] = await Promise.all([runTapedeck(args), runTapedeck(args)]);
    expect(a.code, a.stderr).toBe(0);
    const ra = JSON.parse(a.stdout);
    expect(ra.search).toMatchObject({ kind: 'random', budget: 6, seed: 3, candidates: 6 });
    expect(ra.candidates.map((c: { params: unknown }) => c.params)).toEqual(
      JSON.parse(b.stdout).candidates.map((c: { params: unknown }) => c.params),
    );
  }, 240_000);

  it('says plainly when no candidate meets the goal, and names bad parameters', async () => {
    const none = await runTapedeck([
      ...SWEEP.slice(0, -3),
      '--goal',
      'recall,max-false-per-week=0',
      '--param',
      'k=0.5,1',
    ]);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toContain(
      "meets the goal's limits on the training recordings: none is recommended.",
    );
    expect(none.stdout).not.toContain('Recommended:');
    const bad = await runTapedeck([...SWEEP, '--param', 'depth=1,2']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown parameter "depth"');
    const both = await runTapedeck([...SWEEP, '--param', 'k=2,3', '--values', '1,2']);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('with --param give value=… and for=… instead');
    const anomalyWithoutParam = await runTapedeck(SWEEP);
    expect(anomalyWithoutParam.code).toBe(1);
    expect(anomalyWithoutParam.stderr).toContain('sweep its parameters with --param');
  }, 240_000);
});
