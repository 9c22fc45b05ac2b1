import { expect, test } from '@playwright/test';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppPage } from './pages/app-page.ts';
import { EventsPage } from './pages/events-page.ts';

const RECORDS = 1_000_000;
/** A jump anywhere in the list shows its rows within this, on a busy 2-core machine. */
const JUMP_MS = 5_000;

let dir: string;
let file: string;

test.beforeAll(() => {
  // A kcat capture of a million records (two topics, three partitions, a header each): ~180 MB.
  dir = mkdtempSync(join(tmpdir(), 'tapedeck-e2e-million-'));
  file = join(dir, 'million.ndjson');
  const out = openSync(file, 'w');
  const t0 = Date.UTC(2026, 0, 1);
  let lines: string[] = [];
  for (let i = 0; i < RECORDS; i++) {
    lines.push(
      JSON.stringify({
        topic: i % 5 ? 'orders' : 'payments',
        partition: i % 3,
        offset: Math.floor(i / 3),
        tstype: 'create',
        ts: t0 + i * 50,
        broker: 1,
        headers: ['source', i % 7 ? 'web' : 'mobile'],
        key: `k${i % 1000}`,
        payload: JSON.stringify({ n: i, status: i % 4 ? 'OK' : 'FAIL' }),
      }),
    );
    if (lines.length === 50_000) {
      writeSync(out, `${lines.join('\n')}\n`);
      lines = [];
    }
  }
  closeSync(out);
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a million records: the events list jumps anywhere and scrolls by wheel with its rows shown', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const app = new AppPage(page);
  await app.openEmpty();
  await app.openRecording(file);
  const events = new EventsPage(page);
  await events.open();
  await events.filter({ all: true }, RECORDS);

  for (const fraction of [0.5, 1, 0.1, 0.75]) {
    const started = Date.now();
    await events.scrollTo(fraction);
    const seqs = await events.visibleSeqs();
    const took = Date.now() - started;
    // The rows in view are the ones at that place in delivery order (value n = delivery index).
    expect(seqs.length).toBeGreaterThan(15);
    const expected = Math.round((RECORDS - seqs.length) * fraction);
    expect(Math.abs(seqs[0]! - expected)).toBeLessThan(30);
    expect(took).toBeLessThan(JUMP_MS);
  }

  // A wheel's worth of small steps: the view keeps up, and lands where the steps took it.
  const scroll = events.root.getByTestId('events-scroll');
  const before = (await events.visibleSeqs())[0]!;
  for (let k = 0; k < 20; k++) {
    await scroll.evaluate((el) => {
      el.scrollTop += 26 * 40;
      el.dispatchEvent(new Event('scroll'));
    });
    await page.waitForTimeout(30);
  }
  await expect(events.root).toHaveAttribute('data-busy', 'false');
  await expect.poll(async () => (await events.visibleSeqs())[0]).toBe(before + 800);
  await page.screenshot({ path: test.info().outputPath('events-million.png') });
});
