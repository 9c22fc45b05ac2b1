import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runTapedeck, type CliRun } from '../testing/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'tapedeck-scenario-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tapedeck = (...args: string[]): Promise<CliRun> => runTapedeck(args);

describe('tapedeck scenario kitchen', () => {
  it('writes byte-identical recordings and labels for the same options', async () => {
    const options = ['scenario', 'kitchen', '--seed', '3', '--duration', '2h'];
    const [a, b] = await Promise.all([
      tapedeck(...options, '--out', join(dir, 'a.ndjson.gz')),
      tapedeck(...options, '--out', join(dir, 'b.ndjson.gz')),
    ]);
    expect([a.code, b.code, a.stderr.includes('writing')]).toEqual([0, 0, true]);
    expect(a.stdout).toContain(join(dir, 'a.labels.json'));
    const recording = readFileSync(join(dir, 'a.ndjson.gz'));
    expect(recording.equals(readFileSync(join(dir, 'b.ndjson.gz')))).toBe(true);
    const labels = readFileSync(join(dir, 'a.labels.json'), 'utf8');
    expect(labels).toBe(readFileSync(join(dir, 'b.labels.json'), 'utf8'));
    expect(labels.endsWith('}\n')).toBe(true);
    expect(JSON.parse(labels).params).toMatchObject({ seed: 3, durationMs: 7_200_000 });

    const lines = gunzipSync(recording).toString('utf8').trimEnd().split('\n');
    const first = JSON.parse(lines[0]!);
    expect(first).toMatchObject({
      topic: 'restaurant-status',
      offset: 0,
      ts: Date.UTC(2026, 0, 5),
    });
    expect(a.stdout).toContain(`generated ${lines.length} records`);
  });

  it('writes an uncompressed recording for a .ndjson path, honouring --incidents none', async () => {
    const out = join(dir, 'plain.ndjson');
    const run = await tapedeck(
      'scenario',
      'kitchen',
      '--duration',
      '30m',
      '--incidents',
      'none',
      '--start',
      '2026-01-05T12:00:00Z',
      '--out',
      out,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8').split('\n')[0]!).ts).toBe(Date.UTC(2026, 0, 5, 12));
    expect(JSON.parse(readFileSync(join(dir, 'plain.labels.json'), 'utf8')).incidents).toEqual([]);
    expect(run.stdout).toContain('incidents: none');
  });

  it('exits 2 naming the option and value on bad input', async () => {
    const cases: Array<[string[], string]> = [
      [['--duration', '6x'], "option '--duration <duration>' argument '6x' is invalid"],
      [['--seed', 'seven'], "option '--seed <n>' argument 'seven' is invalid"],
      [['--incidents', 'flood'], 'unknown incident "flood"'],
      [
        ['--start', '2026-01-05 10:00'],
        "option '--start <iso>' argument '2026-01-05 10:00' is invalid",
      ],
      [['--restaurants', '0'], "option '--restaurants <n>' argument '0' is invalid"],
    ];
    const runs: CliRun[] = [];
    for (const [args] of cases) {
      runs.push(await tapedeck('scenario', 'kitchen', '--out', join(dir, 'bad.ndjson'), ...args));
    }
    runs.forEach((run, i) => {
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(cases[i]![1]);
    });
    const noOut = await tapedeck('scenario', 'kitchen', '--out', join(dir, 'bad.json'));
    expect([noOut.code, noOut.stderr.includes("'--out <file>' argument")]).toEqual([2, true]);
  });
});
