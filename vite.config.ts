import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * Ships the default demo's snapshot (`scripts/demo-snapshot.ts`) as `assets/demo.snapshot`,
 * beside the engine's worker, which loads it instead of generating the demo in the page. Written
 * by the build from the same sources as the app, so it is always the demo this build generates.
 */
function demoSnapshot(): Plugin {
  const root = fileURLToPath(new URL('.', import.meta.url));
  return {
    name: 'tapedeck-demo-snapshot',
    apply: 'build',
    generateBundle() {
      const dir = mkdtempSync(join(tmpdir(), 'tapedeck-demo-'));
      try {
        const out = join(dir, 'demo.snapshot');
        const script = join(root, 'scripts/demo-snapshot.ts');
        const run = spawnSync(process.execPath, ['--import', 'tsx', script, out], {
          cwd: root,
          stdio: ['ignore', 'inherit', 'inherit'],
        });
        if (run.status !== 0) this.error(`writing the demo snapshot failed (${script})`);
        this.emitFile({
          type: 'asset',
          fileName: 'assets/demo.snapshot',
          source: readFileSync(out),
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export default defineConfig({
  root: 'app',
  base: './',
  plugins: [svelte(), demoSnapshot()],
  build: {
    outDir: '../dist/app',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
  },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  server: { host: '127.0.0.1' },
});
