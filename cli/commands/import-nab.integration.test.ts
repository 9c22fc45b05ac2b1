import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTapedeck } from '../testing/index.ts';

/**
 * Issue 15, point 4: real labelled data through the foreign-data path. NAB data files
 * (test/fixtures/nab) are imported as recordings with their windows as incident labels, then
 * exported and backtested with workbooks/nab.yaml, checked against the CSV itself.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'tapedeck-nab-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NAB = 'test/fixtures/nab';
const MIN5 = 300_000;

/** The CSV's rows as [ms, value], read here without Tapedeck. */
function csvRows(file: string): [number, number][] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [t, v] = line.split(',');
      return [Date.parse(`${t!.replace(' ', 'T')}Z`), Number(v)];
    });
}

async function importNab(name: string): Promise<string> {
  const out = path.join(dir, `${name}.ndjson.gz`);
  const run = await runTapedeck([
    'import',
    'csv',
    `${NAB}/${name}.csv`,
    '--topic',
    'nab',
    '--out',
    out,
    '--nab-windows',
    `${NAB}/combined_windows.json`,
  ]);
  expect(run.code, run.stderr).toBe(0);
  return out;
}

describe('NAB files imported as recordings', () => {
  it('every row becomes a record, every window an incident, and the 5m mean is the CSV value', async () => {
    const name = 'ec2_request_latency_system_failure';
    const recording = await importNab(name);
    const rows = csvRows(`${NAB}/${name}.csv`);
    const labels = JSON.parse(
      readFileSync(recording.replace('.ndjson.gz', '.labels.json'), 'utf8'),
    );
    expect(labels.incidents.map((i: { kind: string }) => i.kind)).toEqual([
      'anomaly',
      'anomaly',
      'anomaly',
    ]);
    expect(labels.incidents[0].start).toBe(Date.parse('2014-03-14T03:31:00Z'));
    // NAB's windows include their last timestamp
    expect(labels.incidents[0].end).toBe(Date.parse('2014-03-14T14:41:00Z') + 1);

    const csv = path.join(dir, 'series.csv');
    const run = await runTapedeck([
      'export',
      'series',
      '--recording',
      recording,
      '--workbook',
      'workbooks/nab.yaml',
      '--format',
      'csv',
      '--out',
      csv,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      `${rows.length} lines read = ${rows.length} records + 0 malformed`,
    );
    // This file is irregular (rows 1 min, 5 min, 64 min apart, two at one time): each 5m window's
    // mean, stamped at the window's end, computed here from the CSV; a window without rows (the
    // 64-minute gap) is there without a value. The window still open at the last record is not
    // finished, so not exported.
    const windows = new Map<number, number[]>();
    for (const [t, v] of rows) {
      const end = Math.floor(t / MIN5) * MIN5 + MIN5;
      windows.set(end, [...(windows.get(end) ?? []), v]);
    }
    const first = Math.min(...windows.keys());
    const last = rows[rows.length - 1]![0];
    const expected: [number, number | null][] = [];
    for (let end = first; end <= last; end += MIN5) {
      const vs = windows.get(end);
      expected.push([end, vs ? vs.reduce((a, b) => a + b, 0) / vs.length : null]);
    }
    expect(expected.filter(([, v]) => v === null)).toHaveLength(13);
    const exported = readFileSync(csv, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','))
      .map((f) => [Number(f[3]), f[4] === '' ? null : Number(f[4])] as const);
    expect(exported.map(([t]) => t)).toEqual(expected.map(([t]) => t));
    exported.forEach(([, v], i) => {
      const want = expected[i]![1];
      if (want === null) expect(v).toBeNull();
      else expect(v).toBeCloseTo(want, 9);
    });
  }, 120_000);

  it('backtests with the early-detection score beside recall and precision', async () => {
    const recording = await importNab('ec2_cpu_utilization_24ae8d');
    const run = await runTapedeck([
      'backtest',
      '--recording',
      recording,
      '--workbook',
      'workbooks/nab.yaml',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.records).toBe(4032);
    expect(report.incidents.map((i: { id: string }) => i.id)).toEqual(['anomaly-1', 'anomaly-2']);
    const rule = report.rules.find((r: { id: string }) => r.id === 'value-anomaly');
    expect(rule.error).toBeNull();
    expect(rule.score.incidents).toBe(2);
    const early = rule.score.earlyDetection;
    // both windows lie after NAB's probation (the first 15% of the 4032 5-minute rows)
    expect(early.windows).toBe(2);
    for (const p of ['standard', 'lowFalseAlarms', 'lowMisses']) {
      expect(early[p].normalized).toBeCloseTo(
        (100 * (early[p].raw - early[p].none)) / (early[p].perfect - early[p].none),
        9,
      );
    }
    expect(early.standard.none).toBe(-2);
    expect(early.lowMisses.none).toBe(-4);
  }, 120_000);

  it('lists the rows it skips with their lines, and --max-skipped fails past it', async () => {
    const csv = path.join(dir, 'bad.csv');
    writeFileSync(
      csv,
      'timestamp,value,host\n2014-02-14 14:30:00,1.5,a\nyesterday,2,b\n\n2014-02-14 14:35:00,3\n2014-02-14 14:40:00,"4",c\n',
    );
    const out = path.join(dir, 'bad.ndjson');
    const ok = await runTapedeck(['import', 'csv', csv, '--out', out]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('2 records of topic bad from 4 rows, 2 skipped');
    expect(ok.stderr).toContain(`${csv}:3: skipped: time "yesterday" does not read`);
    expect(ok.stderr).toContain(`${csv}:5: skipped: 2 fields, the header has 3`);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => JSON.parse(l.payload))).toEqual([
      { value: 1.5, host: 'a' },
      { value: 4, host: 'c' },
    ]);
    const strict = await runTapedeck(['import', 'csv', csv, '--out', out, '--max-skipped', '1']);
    expect(strict.code).toBe(4);
    expect(strict.stderr).toContain('2 rows skipped, more than --max-skipped 1');
    const missing = await runTapedeck(['import', 'csv', csv, '--out', out, '--time-column', 'ts']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      'no column "ts" for the time (columns: timestamp, value, host)',
    );
  }, 120_000);
});
