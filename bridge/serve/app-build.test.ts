import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appBuildIsStale } from './app-build.ts';

describe('appBuildIsStale (tapedeck serve rebuilds the app)', () => {
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** Writes `path` under the root with its modification time `seconds` after the epoch. */
  function write(path: string, seconds: number): void {
    const file = join(root, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, '');
    utimesSync(file, seconds, seconds);
  }

  it('when a source the build is made from is newer than the build, wherever it lies', () => {
    root = mkdtempSync(join(tmpdir(), 'tapedeck-build-'));
    const out = join(root, 'dist/app');
    expect(appBuildIsStale(root, out)).toBe(true);
    write('app/main.ts', 1_000);
    write('engine/engine.ts', 1_000);
    write('dist/app/index.html', 2_000);
    expect(appBuildIsStale(root, out)).toBe(false);
    for (const source of [
      'formats/record.ts',
      'scripts/demo-snapshot.ts',
      'vite.config.ts',
      'scenarios/kitchen/params.ts',
    ]) {
      write(source, 3_000);
      expect(appBuildIsStale(root, out), source).toBe(true);
      write(source, 1_500);
      expect(appBuildIsStale(root, out), source).toBe(false);
    }
  });
});
