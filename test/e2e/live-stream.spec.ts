import { expect, test } from '@playwright/test';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startKafka, type KafkaBroker } from '../../bridge/index.ts';
import { AppPage } from './pages/app-page.ts';
import { recordingFacts, recordsPerTopic, type RecordingFacts } from './support/recording-facts.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'bin/tapedeck.js');
const run = promisify(execFile);

/** How long the app may take to show what was produced (bridge, socket, engine, a busy machine). */
const ARRIVAL_TIMEOUT_MS = 90_000;

let broker: KafkaBroker;
let dir: string;
let serve: ChildProcess | null = null;
let url: string;

/**
 * Produces a kitchen scenario ending now into the broker, and writes the same records to a
 * recording so the test knows exactly what it produced.
 */
async function produce(name: string, duration: string, seed: number): Promise<RecordingFacts> {
  const out = join(dir, `${name}.ndjson.gz`);
  await run(
    process.execPath,
    [CLI, 'scenario', 'kitchen', '--duration', duration, '--seed', String(seed)].concat([
      '--brokers',
      broker.bootstrap,
      '--out',
      out,
    ]),
    { cwd: ROOT, timeout: 120_000 },
  );
  return recordingFacts(out);
}

/** Starts `tapedeck serve --brokers …` and resolves with the URL it prints. */
function startServe(): Promise<string> {
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--port', '0', '--no-build', '--brokers', broker.bootstrap].concat([
      '--from',
      'earliest',
    ]),
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  serve = child;
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`tapedeck serve printed no URL in 60 s:\n${out}\n${err}`)),
      60_000,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Tapedeck: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tapedeck serve exited with ${code}:\n${out}\n${err}`));
    });
  });
}

async function stopServe(): Promise<void> {
  const child = serve;
  serve = null;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Records per `topic/partition`. */
function perPartition(rows: readonly { topic: string; partition: number; records: number }[]) {
  const out: Record<string, number> = {};
  for (const r of rows)
    out[`${r.topic}/${r.partition}`] = (out[`${r.topic}/${r.partition}`] ?? 0) + r.records;
  return out;
}

function sum(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [k, n] of Object.entries(b)) out[k] = (out[k] ?? 0) + n;
  return out;
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  broker = await startKafka({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'tapedeck-e2e-live-'));
});

test.afterAll(async () => {
  test.setTimeout(120_000);
  await stopServe();
  await broker?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the live stream shows every record produced to Kafka per topic and partition, and keeps counting while the display is frozen', async ({
  page,
}) => {
  const first = await produce('first', '30m', 7);
  url = await startServe();

  const app = new AppPage(page);
  await app.openLive(url);
  await expect(app.source.liveBadge).toHaveAttribute('data-state', 'live');

  const wanted = recordsPerTopic(first);
  await expect
    .poll(() => app.source.recordsPerTopic(), { timeout: ARRIVAL_TIMEOUT_MS })
    .toEqual(wanted);
  expect(await app.records()).toBe(first.records);
  const rows = await app.source.partitions();
  expect(perPartition(rows)).toEqual(perPartition(first.partitions));
  // Fresh topics: offsets run from 0, so the position reached is the count less one.
  for (const r of rows) expect(r.lastOffset).toBe(String(r.records - 1));

  // Caught up with a stream that ends now: the clock is the wall clock.
  await expect
    .poll(async () => Math.abs((await app.replayTime()) - Date.now()), { timeout: 30_000 })
    .toBeLessThan(10_000);

  await app.pause();
  const frozen = await app.replayTime();

  const second = await produce('second', '10m', 8);
  const total = sum(wanted, recordsPerTopic(second));
  await expect
    .poll(() => app.source.recordsPerTopic(), { timeout: ARRIVAL_TIMEOUT_MS })
    .toEqual(total);
  expect(perPartition(await app.source.partitions())).toEqual(
    sum(perPartition(first.partitions), perPartition(second.partitions)),
  );
  expect(await app.replayTime()).toBe(frozen);

  await app.goLive();
  await expect.poll(() => app.replayTime(), { timeout: 30_000 }).toBeGreaterThan(frozen);

  // The bridge going away is shown, and the client keeps trying.
  await stopServe();
  await app.source.waitForLiveState('reconnecting');
});
