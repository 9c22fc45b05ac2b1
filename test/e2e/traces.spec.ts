import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AppPage } from './pages/app-page.ts';
import { TracesPage } from './pages/traces-page.ts';

const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;
let recording: string;
/** what `tapedeck traces --json` says of the same recording */
let cli: {
  counts: { keys: number; brokenKeys: number };
  breaks: { kind: string; from: string; to: string; count: number }[];
};

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tapedeck-e2e-traces-'));
  recording = join(dir, 'drop.ndjson.gz');
  const tapedeck = (...args: string[]) =>
    execFileSync(process.execPath, [join(ROOT, 'bin/tapedeck.js'), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    }).toString();
  tapedeck(
    'scenario',
    'kitchen',
    '--duration',
    '2h',
    '--start',
    '2026-01-05T19:00:00Z',
    '--trace-drop',
    'delivery-service:0.5',
    '--out',
    recording,
  );
  cli = JSON.parse(tapedeck('traces', '--recording', recording, '--stage', 'status', '--json'));
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the Traces tab shows where traces break, as the CLI counts them, and opens two traces side by side', async ({
  page,
}, testInfo) => {
  const app = new AppPage(page);
  await app.openEmpty();
  await app.openRecording(recording);
  await app.playMaxToEnd();
  const end = await app.replayTime();

  const traces = new TracesPage(page);
  await traces.open(end);
  await traces.setStage('status', end);
  expect(await traces.counts()).toEqual({ keys: cli.counts.keys, broken: cli.counts.brokenKeys });

  const pickup = cli.breaks.find((b) => b.to === 'orders:PICKED_UP')!;
  expect(pickup.kind).toBe('header-missing');
  await expect(traces.hopRow('orders:READY → orders:PICKED_UP')).toHaveClass(/bad/);
  await expect(page.getByTestId('trace-breaks')).toContainText(
    `header-missing at orders:READY → orders:PICKED_UP: ${pickup.count}`,
  );
  await expect(page.getByTestId('trace-graph')).toBeVisible();

  await traces.brokenOnly(end);
  const listed = await traces.listed();
  expect(listed.length).toBeGreaterThan(1);
  expect(listed.every((t) => t.broken)).toBe(true);

  await traces.openTrace(listed[0]!.key);
  await traces.openTrace(listed[1]!.key, true);
  await expect(traces.waterfalls).toHaveCount(2);
  const first = traces.waterfalls.first();
  await expect(first).toHaveAttribute('data-stitched', 'true');
  await expect(first.locator('li[data-break]')).not.toHaveCount(0);

  await page.screenshot({ path: testInfo.outputPath('traces-view.png') });
  await page.getByTestId('trace-context').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('trace-context').locator('tr[data-topic="orders"]')).toBeVisible();
});
