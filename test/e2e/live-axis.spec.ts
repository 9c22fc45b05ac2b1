import { expect, test } from '@playwright/test';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startKafka, type KafkaBroker } from '../../bridge/index.ts';
import { AppPage } from './pages/app-page.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'bin/tapedeck.js');
const run = promisify(execFile);

let broker: KafkaBroker;
let dir: string;
let serve: ChildProcess | null = null;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  broker = await startKafka({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'tapedeck-e2e-live-axis-'));
});

test.afterAll(async () => {
  test.setTimeout(120_000);
  if (serve && serve.exitCode === null) {
    const exited = new Promise((resolve) => serve!.once('exit', resolve));
    serve.kill('SIGTERM');
    await exited;
  }
  await broker?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("live charts' time axis follows the stream as the live clock advances", async ({ page }) => {
  await run(
    process.execPath,
    [CLI, 'scenario', 'kitchen', '--duration', '20m', '--seed', '3', '--brokers', broker.bootstrap],
    { cwd: ROOT, timeout: 120_000 },
  );
  serve = spawn(
    process.execPath,
    [
      CLI,
      'serve',
      '--port',
      '0',
      '--no-build',
      '--brokers',
      broker.bootstrap,
      '--from',
      'earliest',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    serve!.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Tapedeck: (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    serve!.once('exit', (code) => reject(new Error(`tapedeck serve exited with ${code}`)));
  });
  const app = new AppPage(page);
  await app.openLive(url);
  const chart = page.locator('article[data-metric-id] .chart').first();
  await expect(chart).toHaveAttribute('data-x-range', /^\d+,\d+$/);
  const end = async () => Number((await chart.getAttribute('data-x-range'))!.split(',')[1]);
  const first = await end();
  // The live clock follows the wall clock: a few seconds later the axis reaches further.
  await expect.poll(end, { timeout: 30_000 }).toBeGreaterThan(first + 2_000);
});
