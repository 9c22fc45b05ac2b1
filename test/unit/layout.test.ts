import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEPCRUISE = join(ROOT, 'node_modules/.bin/depcruise');
const FOLDERS = ['formats', 'scenarios', 'bridge', 'engine', 'app', 'cli', 'bench', 'test'];

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** Runs the layout check (.dependency-cruiser.cjs) over `dir`: the rule violations it reports. */
function violations(dir: string): Violation[] {
  const run = spawnSync(
    DEPCRUISE,
    [...FOLDERS, '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json'],
    { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (!run.stdout) throw new Error(`depcruise failed: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const scratch = mkdtempSync(join(tmpdir(), 'tapedeck-layout-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(scratch, 'tree-'));
  copyFileSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  for (const folder of FOLDERS) mkdirSync(join(dir, folder), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('the layout check', () => {
  it('finds no import against the data flow or into another folder’s internals in this tree', () => {
    const found = violations(ROOT).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(found).toEqual([]);
  });

  it('fails on an import up the flow, into internals, of Node built-ins in browser code, and on circles', () => {
    const dir = tree({
      'formats/index.ts': "export { readFileSync } from 'node:fs';\n",
      'bridge/index.ts': 'export const b = 1;\n',
      'engine/index.ts': "export { b } from '../bridge/index.ts';\n",
      'engine/ingest/rows.ts': 'export const rows = 1;\n',
      'app/main.ts': "export { rows } from '../engine/ingest/rows.ts';\n",
      'scenarios/a.ts': "import { c } from './c.ts';\nexport const a = c;\n",
      'scenarios/c.ts': "import { a } from './a.ts';\nexport const c = a;\n",
    });
    const rules = violations(dir).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(rules).toEqual(
      expect.arrayContaining([
        'engine-imports-down-only: engine/index.ts → bridge/index.ts',
        'only-public-faces: app/main.ts → engine/ingest/rows.ts',
        'browser-code-without-node: formats/index.ts → fs',
        expect.stringMatching(/^no-circular: scenarios\/[ac]\.ts → scenarios\/[ac]\.ts$/),
      ]),
    );
  });
});
