import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Issue 16, point 3: backtest and sweep on precomputed series (--series) give what they give on
// the recording the series were computed from.
const dir = mkdtempSync(path.join(tmpdir(), 'tapedeck-series-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tapedeck(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'node',
      ['bin/tapedeck.js', ...args],
      { maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const at = (name: string) => path.join(dir, name);

interface Report {
  span: { start: { ms: number }; end: { ms: number } };
  incidents: unknown[];
  rules: { id: string; error: string | null; intervals: unknown[]; score: unknown }[];
}

let recordingReport: Report;

beforeAll(async () => {
  const made = await tapedeck([
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
    const out = await tapedeck([
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
  const run = await tapedeck(['backtest', '--recording', at('rec.ndjson'), '--json']);
  expect(run.code, run.stderr).toBe(0);
  recordingReport = JSON.parse(run.stdout) as Report;
}, 240_000);

describe('tapedeck backtest --series', () => {
  for (const format of ['csv', 'parquet']) {
    it(`scores every rule on the ${format} series exactly as on the recording, given the recording's end`, async () => {
      const run = await tapedeck([
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
    const both = await tapedeck([
      'backtest',
      '--recording',
      at('rec.ndjson'),
      '--series',
      at('rec.csv'),
    ]);
    expect(both.stderr).toContain('give exactly one of --recording and --series');
    expect(both.code).toBe(1);
    const bad = await tapedeck([
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
    const rec = await tapedeck(['sweep', '--recording', at('rec.ndjson'), ...args]);
    const ser = await tapedeck(['sweep', '--series', at('rec.csv'), ...args]);
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
});
