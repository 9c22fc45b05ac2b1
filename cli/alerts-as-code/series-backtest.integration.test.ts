import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTapedeck } from '../testing/index.ts';

// Issue 16, point 3: backtest and sweep on precomputed series (--series) give what they give on
// the recording the series were computed from.
const dir = mkdtempSync(path.join(tmpdir(), 'tapedeck-series-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (name: string) => path.join(dir, name);

interface Report {
  span: { start: { ms: number }; end: { ms: number } };
  incidents: unknown[];
  rules: { id: string; error: string | null; intervals: unknown[]; score: unknown }[];
}

let recordingReport: Report;

beforeAll(async () => {
  const made = await runTapedeck([
    'scenario',
    'kitchen',
    '--seed',
    '11',
    '--duration',
    '3h',
    '--out',
    at('rec.ndjson'),
  ]);
  expect(made.code).toBe(0);
  for (const format of ['csv', 'parquet']) {
    const out = await runTapedeck([
      'export',
      'series',
      '--recording',
      at('rec.ndjson'),
      '--format',
      format,
      '--out',
      at(`rec.${format}`),
    ]);
    expect(out.code, out.stderr).toBe(0);
    copyFileSync(
      at('rec.labels.json'),
      at(`rec.${format === 'csv' ? 'csv' : 'parquet'}`).replace(/\.(csv|parquet)$/, '.labels.json'),
    );
  }
  const run = await runTapedeck(['backtest', '--recording', at('rec.ndjson'), '--json']);
  expect(run.code, run.stderr).toBe(0);
  recordingReport = JSON.parse(run.stdout) as Report;
}, 240_000);

describe('tapedeck backtest --series', () => {
  for (const format of ['csv', 'parquet']) {
    it(`scores every rule on the ${format} series exactly as on the recording, given the recording's end`, async () => {
      const run = await runTapedeck([
        'backtest',
        '--series',
        at(`rec.${format}`),
        '--at',
        new Date(recordingReport.span.end.ms).toISOString(),
        '--json',
      ]);
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as Report;
      // the span's start is found from the series alone
      expect(report.span.start.ms).toBe(recordingReport.span.start.ms);
      expect(report.incidents).toEqual(recordingReport.incidents);
      expect(report.rules).toEqual(recordingReport.rules);
      const detections = report.rules.reduce((n, r) => n + r.intervals.length, 0);
      expect(detections).toBeGreaterThan(3);
    }, 60_000);
  }

  it('refuses a recording and series together, and a series file without the metric columns', async () => {
    const both = await runTapedeck([
      'backtest',
      '--recording',
      at('rec.ndjson'),
      '--series',
      at('rec.csv'),
    ]);
    expect(both.stderr).toContain('give exactly one of --recording and --series');
    expect(both.code).toBe(1);
    const bad = await runTapedeck([
      'backtest',
      '--series',
      at('rec.labels.json').replace('.labels.json', '.labels.csv'),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('cannot read --series');
  });
});

describe('tapedeck sweep --series', () => {
  it('sweeps and recommends as on the recording', async () => {
    const args = ['--rule', 'rejection-ratio-high', '--values', '0.05:0.4:36', '--json'];
    const rec = await runTapedeck(['sweep', '--recording', at('rec.ndjson'), ...args]);
    const ser = await runTapedeck(['sweep', '--series', at('rec.csv'), ...args]);
    expect(rec.code, rec.stderr).toBe(0);
    expect(ser.code, ser.stderr).toBe(0);
    const a = JSON.parse(rec.stdout) as {
      rows: unknown[];
      recommendation: unknown;
      safeRanges: unknown;
    };
    const b = JSON.parse(ser.stdout) as typeof a;
    expect(b.rows).toEqual(a.rows);
    expect(b.safeRanges).toEqual(a.safeRanges);
    // the same, but for the name of the source it was scored on
    const named = (r: unknown) => JSON.stringify(r).replaceAll(at('rec.csv'), at('rec.ndjson'));
    expect(named(b.recommendation)).toBe(JSON.stringify(a.recommendation));
    expect(readFileSync(at('rec.csv'), 'utf8').split('\n').length).toBeGreaterThan(1000);
  }, 120_000);

  it('sweeps a series file over the span --start and --at give, --at as an offset from the start', async () => {
    type Sweep = {
      recordings: { span: { start: { ms: number }; end: { ms: number }; days: number } }[];
      rows: { threshold: number; score: { alerts: number } }[];
    };
    // from 0 up: any rejection in 5 minutes fires at 0, so a shorter span has fewer alerts
    const args = ['--rule', 'rejections-high', '--values', '0:20:5', '--json'];
    const start = recordingReport.span.start.ms;
    const cut = await runTapedeck([
      'sweep',
      '--series',
      at('rec.csv'),
      '--start',
      new Date(start - 3_600_000).toISOString(),
      '--at',
      '+2h',
      ...args,
    ]);
    expect(cut.code, cut.stderr).toBe(0);
    const report = JSON.parse(cut.stdout) as Sweep;
    // an hour before the recording's start, to an hour after it
    expect(report.recordings[0]!.span.start.ms).toBe(start - 3_600_000);
    expect(report.recordings[0]!.span.end.ms).toBe(start + 3_600_000);
    expect(report.recordings[0]!.span.days).toBeCloseTo(2 / 24, 12);
    const whole = await runTapedeck(['sweep', '--series', at('rec.csv'), ...args]);
    expect(whole.code, whole.stderr).toBe(0);
    const full = JSON.parse(whole.stdout) as Sweep;
    // by default the span ends at the last sample, the last window end before the last record
    const lastSample = full.recordings[0]!.span.end.ms;
    expect(lastSample).toBeLessThanOrEqual(recordingReport.span.end.ms);
    expect(lastSample).toBeGreaterThan(recordingReport.span.end.ms - 60_000);
    const alertsAt0 = (r: Sweep) => r.rows[0]!.score.alerts;
    expect(alertsAt0(full)).toBeGreaterThan(alertsAt0(report));
    // the same span given per file, --at as a time
    const each = await runTapedeck([
      'sweep',
      '--series',
      at('rec.csv'),
      '--holdout-series',
      at('rec.parquet'),
      '--at',
      String(start + 3_600_000),
      '--at',
      new Date(recordingReport.span.end.ms).toISOString(),
      ...args,
    ]);
    expect(each.code, each.stderr).toBe(0);
    const spans = (JSON.parse(each.stdout) as Sweep).recordings.map((r) => r.span.end.ms);
    expect(spans).toEqual([start + 3_600_000, recordingReport.span.end.ms]);

    const onRecording = await runTapedeck([
      'sweep',
      '--recording',
      at('rec.ndjson'),
      '--at',
      '+1h',
      ...args,
    ]);
    expect(onRecording.code).toBe(1);
    expect(onRecording.stderr).toContain(
      '--at applies to --series and --holdout-series files only',
    );
    const twice = await runTapedeck([
      'sweep',
      '--series',
      at('rec.csv'),
      '--at',
      '+1h',
      '--at',
      '+2h',
      ...args,
    ]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('invalid --at: given 2 times for 1 series files');
  }, 180_000);
});
