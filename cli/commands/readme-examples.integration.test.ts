import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The README's examples of `tapedeck scenario kitchen` and `tapedeck backtest`, run exactly as
 * written (in one scratch folder, in README order): the 24 h demo recording, then the backtest
 * that guards the bundled workbook with `--min-recall 1`. Commands that need a broker
 * (`--brokers`) are the Kafka tests' business and are left out.
 */

const ROOT = new URL('../../', import.meta.url).pathname;
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'tapedeck-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The `npx tapedeck …` lines of the first ```sh block under the heading `### `title``. */
function examples(title: string): string[] {
  const start = README.indexOf(`\n### \`${title}\`\n`);
  if (start < 0) throw new Error(`README has no section ${title}`);
  const open = README.indexOf('\n```sh\n', start);
  const close = README.indexOf('\n```\n', open + 1);
  return README.slice(open + 7, close)
    .split('\n')
    .filter((line) => line.startsWith('npx tapedeck '));
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one README line: `npx tapedeck` is `node bin/tapedeck.js`, the words as written. */
function run(line: string): Promise<Run> {
  // plain words only, so splitting on spaces is what a shell would do
  expect(line).toMatch(/^[\w ./:,=-]+$/);
  const args = line.split(/ +/).slice(2);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin/tapedeck.js'), ...args],
      { cwd: dir, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("the README's examples", () => {
  const scenario = examples('tapedeck scenario kitchen').filter((l) => !l.includes('--brokers'));
  const backtest = examples('tapedeck backtest');

  it('shows a demo recording and a backtest of it', () => {
    expect(scenario.length).toBeGreaterThan(0);
    expect(backtest.length).toBeGreaterThan(0);
    expect(backtest.every((l) => l.includes('--recording demo.ndjson.gz'))).toBe(true);
    expect(scenario.some((l) => l.includes('--out demo.ndjson.gz'))).toBe(true);
  });

  it('generate the recording, and the bundled workbook catches every incident of it (exit 0)', async () => {
    let last: Run | undefined;
    for (const line of [...scenario, ...backtest]) {
      last = await run(line);
      expect(last.code, `${line}\n${last.stdout}\n${last.stderr}`).toBe(0);
    }
    // every rule names what it catches or is not scored: the one that is not says so
    const row = last!.stdout.split('\n').find((l) => l.startsWith('transient-share-low '));
    expect(row).toMatch(/ not scored /);
  }, 600_000);
});
