import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LabelsFile } from '../../formats/index.ts';
import { registerBacktestCommand } from '../commands/backtest.ts';
import { registerExportCommand } from '../commands/export.ts';
import type { BacktestReport } from './backtest-report.ts';
import { backtestTable } from './backtest-table.ts';
import { openHeadlessReplay, type HeadlessReplay } from './headless-replay.ts';
import { readReplayInputs, type ReplayInputs } from './replay-inputs.ts';
import { backtestReplay } from './run-backtest.ts';
import { writePrometheusExport, writeSeriesExport } from './run-export.ts';

/**
 * Alerts as code end to end on a generated 6-hour kitchen recording with a rejection spike:
 * the backtest CLI, `--min-recall` failing a pipeline, the Prometheus export checked by promtool,
 * and the series exports read back by native DuckDB.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'tapedeck-alerts-as-code-'));
const recording = path.join(dir, 'kitchen-6h.ndjson.gz');
let labels: LabelsFile;
let inputs: ReplayInputs;
let replay: HeadlessReplay;

beforeAll(async () => {
  execFileSync(
    process.execPath,
    [
      'bin/tapedeck.js',
      'scenario',
      'kitchen',
      // Seed 2's six hours hold one rejection spike, in Dubai, which the rejection-ratio rule catches.
      '--seed',
      '2',
      '--duration',
      '6h',
      '--start',
      '2026-01-05T10:00:00Z',
      '--out',
      recording,
    ],
    { stdio: 'ignore' },
  );
  labels = JSON.parse(readFileSync(path.join(dir, 'kitchen-6h.labels.json'), 'utf8')) as LabelsFile;
  inputs = await readReplayInputs({ recording });
  replay = await openHeadlessReplay(inputs);
}, 180_000);

afterAll(() => {
  replay?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `tapedeck <args>` in process with the commands of this area; output captured. */
async function tapedeck(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    stdout += `${parts.join(' ')}\n`;
  });
  const program = new Command('tapedeck').exitOverride();
  registerBacktestCommand(program);
  registerExportCommand(program);
  let code = 0;
  process.exitCode = undefined;
  try {
    await program.parseAsync(args, { from: 'user' });
    code = Number(process.exitCode ?? 0);
  } catch (e) {
    // as bridge/cli.ts does: the message, exit 1
    stderr += `tapedeck: ${(e as Error).message}\n`;
    code = 1;
  } finally {
    process.exitCode = undefined;
    out.mockRestore();
    err.mockRestore();
    log.mockRestore();
  }
  return { code, stdout, stderr };
}

function promtool(cwd: string, ...args: string[]): { code: number; output: string } {
  try {
    const output = execFileSync('promtool', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, output };
  } catch (e) {
    const x = e as { status?: number; code?: string; stdout?: string; stderr?: string };
    if (x.code === 'ENOENT') throw new Error('promtool not found: apt-get install prometheus');
    return { code: x.status ?? -1, output: `${x.stdout ?? ''}${x.stderr ?? ''}` };
  }
}

describe('tapedeck backtest', () => {
  it('the generated recording has a rejection spike in Dubai', () => {
    const spike = labels.incidents.find((i) => i.kind === 'rejection-spike');
    expect(spike?.scope.region).toBe('Dubai');
  });

  it('the rejection-ratio rule detects the spike: recall 1, its interval in Dubai, shown in the table', async () => {
    const report = await backtestReplay(replay, inputs);
    const rule = report.rules.find((r) => r.id === 'rejection-ratio-high')!;
    expect(rule.score.recall).toBe(1);
    const spike = labels.incidents.find((i) => i.kind === 'rejection-spike')!;
    const hit = rule.intervals.find((i) => i.incidents.includes(spike.id))!;
    expect(hit.series).toBe('Dubai');
    expect(hit.start.ms).toBeGreaterThanOrEqual(spike.start);
    const table = backtestTable(report);
    const row = table.split('\n').find((l) => l.startsWith('rejection-ratio-high '))!;
    expect(row.split(/\s{2,}/)[6]).toBe('1/1 100%');
    expect(table).toMatch(
      new RegExp(
        `  Dubai  ${hit.start.iso.slice(0, 10)} ${hit.start.iso.slice(11, 16)} → .* detects ${spike.id}`,
      ),
    );
  });

  it('--json prints one parseable document and --min-recall 1.01 exits 1 naming the rules below it', async () => {
    const run = await tapedeck(
      'backtest',
      '--recording',
      recording,
      '--json',
      '--min-recall',
      '1.01',
    );
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as BacktestReport;
    expect(report.format).toBe('tapedeck-backtest/1');
    expect(report.labels).toBe(path.join(dir, 'kitchen-6h.labels.json'));
    expect(report.rules.find((r) => r.id === 'rejection-ratio-high')!.score.recall).toBe(1);
    expect(report.belowMinRecall).toContain('rejection-ratio-high');
    expect(run.stderr).toMatch(
      /recall below --min-recall 1\.01: .*rejection-ratio-high 1\/1 = 1\.00/,
    );
  }, 120_000);

  it('bad input fails with the file and the reason', async () => {
    const missing = await tapedeck('backtest', '--recording', path.join(dir, 'nope.ndjson'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      `cannot read recording ${path.join(dir, 'nope.ndjson')}: no such file`,
    );
    const workbook = path.join(dir, 'bad.yaml');
    writeFileSync(workbook, 'name: bad\nmetrics:\n  - id: m\n    kind: nonsense\n');
    const bad = await tapedeck('backtest', '--recording', recording, '--workbook', workbook);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      new RegExp(`workbook ${workbook} has \\d+ problems?:\\n  ${workbook}:\\d+: metrics`),
    );
    const usage = await tapedeck('backtest', '--recording', recording, '--min-recall', 'lots');
    expect(usage.code).toBe(1);
  }, 120_000);
});

describe('tapedeck export', () => {
  it('prometheus: rules.yml and rules.test.yml pass promtool check rules and test rules; a tampered expectation fails', async () => {
    const out = path.join(dir, 'prom');
    const run = await tapedeck('export', 'prometheus', '--recording', recording, '--out', out);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /exported rejection-ratio-high as RejectionRatioHigh: \d+ checked evaluations, [1-9]\d* expecting it firing/,
    );
    expect(run.stdout).toMatch(/skipped orders-drop: anomaly rules/);
    expect(run.stdout).toContain(`promtool check rules ${path.join(out, 'rules.yml')}`);
    const check = promtool(out, 'check', 'rules', 'rules.yml');
    expect(check.code, check.output).toBe(0);
    const test = promtool(out, 'test', 'rules', 'rules.test.yml');
    expect(test.code, test.output).toBe(0);

    const text = readFileSync(path.join(out, 'rules.test.yml'), 'utf8');
    const tampered = text.replace('              region: Dubai\n', '              region: Pune\n');
    expect(tampered).not.toBe(text);
    writeFileSync(path.join(out, 'rules.test.yml'), tampered);
    const failed = promtool(out, 'test', 'rules', 'rules.test.yml');
    expect(failed.code).toBe(1);
    expect(failed.output).toMatch(/alertname: RejectionRatioHigh/);
  }, 120_000);

  it('prometheus: the expected alerts follow exactly the firing intervals the backtest reports', async () => {
    const exported = await writePrometheusExport(replay, {
      recording,
      out: path.join(dir, 'prom-same'),
    });
    const results = await replay.engine.alerts(replay.time);
    expect(exported.exported.length).toBeGreaterThan(5);
    for (const e of exported.exported) {
      const result = results.find((r) => r.id === e.id)!;
      const byStart = (
        a: { start: number; series: string },
        b: { start: number; series: string },
      ) => a.start - b.start || a.series.localeCompare(b.series);
      expect([...e.intervals].sort(byStart), e.id).toEqual([...result.intervals].sort(byStart));
    }
    const firing = exported.exported.filter((e) => e.intervals.length > 0);
    expect(firing.map((e) => e.id)).toContain('rejection-ratio-high');
  });

  it('series: CSV and Parquet hold the same samples as the engine, read back by native DuckDB', async () => {
    const csv = path.join(dir, 'series.csv');
    const parquet = path.join(dir, 'series.parquet');
    const metrics = ['rejection-ratio', 'cluster-availability'];
    const written = await writeSeriesExport(replay, { out: csv, format: 'csv', metrics });
    await writeSeriesExport(replay, { out: parquet, format: 'parquet', metrics });
    const frame = await replay.engine.frame(replay.time);
    const dubai = frame.metrics
      .find((m) => m.id === 'rejection-ratio')!
      .series.find((s) => s.label === 'Dubai')!;
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const conn = await instance.connect();
    try {
      const read = async (sql: string) => (await conn.runAndReadAll(sql)).getRows();
      const [counts] = await read(`SELECT
          (SELECT count(*) FROM read_parquet('${parquet}')),
          (SELECT count(*) FROM read_csv('${csv}', header = true)),
          (SELECT count(*) FROM (SELECT metric, series, time_ms, value FROM read_parquet('${parquet}')
             EXCEPT SELECT metric, series, time_ms, value FROM read_csv('${csv}', header = true,
               columns = {'metric': 'VARCHAR', 'series': 'VARCHAR', 'time': 'VARCHAR', 'time_ms': 'BIGINT', 'value': 'DOUBLE'})))`);
      expect(counts!.map(Number)).toEqual([written.samples, written.samples, 0]);
      const rows = await read(`SELECT time_ms, value FROM read_parquet('${parquet}')
        WHERE metric = 'rejection-ratio' AND series = 'Dubai' ORDER BY time_ms`);
      // The export holds finished windows: the frame's open window, stamped after the replay
      // time, is left out.
      const finished = [...dubai.times].filter((t) => t <= replay.time).length;
      expect(finished).toBeLessThan(dubai.times.length);
      expect(rows.map(([t]) => Number(t))).toEqual([...dubai.times.slice(0, finished)]);
      expect(rows.map(([, v]) => (v === null ? NaN : v))).toEqual([
        ...dubai.values.slice(0, finished),
      ]);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });

  it('series: an unknown metric id is named with the metrics the recording computes', async () => {
    await expect(
      writeSeriesExport(replay, { out: path.join(dir, 'x.csv'), format: 'csv', metrics: ['nope'] }),
    ).rejects.toThrow(
      /unknown metric id "nope" in --metrics: this recording computes .*rejection-ratio/,
    );
  });
});
