import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTapedeck, type CliRun } from '../testing/index.ts';

// The attack of issue 8, through the CLI as a user would run it. Its targets are a unique name
// straight in the temp directory and names in this test's own directory.
const dir = mkdtempSync(path.join(tmpdir(), 'tapedeck-backtest-attack-'));
const loose = path.join(tmpdir(), `tapedeck-pwned-${process.pid}-${Date.now()}.sh`);
const recording = path.join(dir, 'r.ndjson');
const secret = path.join(dir, 'secret.txt');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tapedeck = (...args: string[]): Promise<CliRun> => runTapedeck(args);

/** A workbook file whose one metric carries `field: text` on line 7. */
function workbook(name: string, head: string[], field: string, text: string): string {
  const file = path.join(dir, name);
  const lines = [
    'name: attack',
    'metrics:',
    '  - id: pwn',
    ...head,
    `    ${field}: ${JSON.stringify(text)}`,
  ];
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

beforeAll(async () => {
  writeFileSync(secret, 'the secret\n');
  const made = await tapedeck('scenario', 'kitchen', '--duration', '30m', '--out', recording);
  expect(made.code).toBe(0);
});

describe('tapedeck backtest refuses a workbook whose SQL reaches outside the loaded tables', () => {
  it('the dollar-quoted COPY of issue 8: exit 1, the field and line named, no file written', async () => {
    const file = workbook(
      'dollar.yaml',
      ['    kind: count', '    topic: orders', '    window: 1m'],
      'filter',
      `$$'$$); COPY (SELECT 'echo pwned' AS l) TO '${loose}' (HEADER false, QUOTE ''); SELECT ($$'$$`,
    );
    const run = await tapedeck('backtest', '--recording', recording, '--workbook', file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${file}:7: metrics[0].filter: invalid SQL expression: "$" at character 1: dollar quoting`,
    );
    expect(run.stdout).toBe('');
    expect(existsSync(loose)).toBe(false);
  });

  it('a sql metric reading a file: refused by DuckDB, the secret not printed', async () => {
    const file = workbook(
      'read-text.yaml',
      ['    kind: sql', '    window: 1m', '    label: pwn'],
      'sql',
      `SELECT 0 AS window_start, content AS dimension, 1 AS value FROM read_text('${secret}')`,
    );
    const run = await tapedeck('backtest', '--recording', recording, '--workbook', file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${file}:7: metrics[0].sql: invalid SQL query: Permission Error: Cannot access file "${secret}"`,
    );
    expect(`${run.stdout}${run.stderr}`).not.toContain('the secret');
  });

  it('wrote no file', () => {
    expect(readdirSync(dir).sort()).toEqual(
      ['dollar.yaml', 'r.labels.json', 'r.ndjson', 'read-text.yaml', 'secret.txt'].sort(),
    );
    expect(existsSync(loose)).toBe(false);
  });
});
