import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppPage } from './pages/app-page.ts';
import { recordingFacts, type RecordingFacts } from './support/recording-facts.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KCAT_FAULTS = join(ROOT, 'test/e2e/fixtures/kcat-faults.ndjson');
const BRIDGE_MALFORMED = join(ROOT, 'formats/recording/fixtures/malformed.ndjson');

let dir: string;
let recording: string;
let labels: string;

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tapedeck-e2e-recording-'));
  recording = join(dir, 'r.ndjson.gz');
  labels = join(dir, 'r.labels.json');
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'bin/tapedeck.js'),
      'scenario',
      'kitchen',
      '--duration',
      '2h',
      '--start',
      '2026-01-05T19:00:00Z',
      '--out',
      recording,
    ],
    { cwd: ROOT, stdio: 'pipe' },
  );
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The partition rows the panel should show for `facts`, in a stable order. */
function expectedRows(facts: RecordingFacts) {
  return [...facts.partitions].sort(byPartition);
}

function byPartition(a: { topic: string; partition: number }, b: typeof a): number {
  return a.topic.localeCompare(b.topic) || a.partition - b.partition;
}

test('a recording picked with the file input opens with its labels, holding every record of every partition in the file', async ({
  page,
}) => {
  const facts = recordingFacts(recording);
  const labelled = JSON.parse(readFileSync(labels, 'utf8')) as { incidents: { id: string }[] };
  const timestamps = readTimestamps(recording);

  const app = new AppPage(page);
  await app.openEmpty();
  await app.openRecording(recording, labels);
  await expect(app.root).toHaveAttribute('data-status', 'ready');

  expect(await app.records()).toBe(facts.records);
  expect((await app.source.partitions()).sort(byPartition)).toEqual(expectedRows(facts));
  await expect(app.source.partitionRow('orders', 0)).toHaveAttribute(
    'data-records',
    String(facts.partitions.find((p) => p.topic === 'orders' && p.partition === 0)!.records),
  );
  await expect(app.source.malformed).toHaveCount(0);
  expect((await app.incidents()).map((i) => i.id)).toEqual(labelled.incidents.map((i) => i.id));
  expect(await app.sourceRange()).toEqual({
    start: Math.min(...timestamps),
    end: Math.max(...timestamps),
  });

  // Folding a topic hides its partitions and keeps its total.
  await app.source.toggleTopic('orders');
  await expect(app.source.partitionRow('orders', 0)).toHaveCount(0);
  await app.source.toggleTopic('orders');
  await expect(app.source.partitionRow('orders', 0)).toBeVisible();

  await app.setSpeed('max');
  await app.play();
  await expect(app.root).toHaveAttribute('data-status', 'ended', { timeout: 120_000 });
  await app.waitForFrame();
  expect(await app.delivered()).toBe(facts.records);
});

test('a kcat capture dropped on the window lists its malformed lines by number and counts each partition’s faults', async ({
  page,
}) => {
  const facts = recordingFacts(KCAT_FAULTS);
  expect(facts.malformedLines.length).toBeGreaterThan(0);

  const app = new AppPage(page);
  await app.openEmpty();
  await app.dropRecording(KCAT_FAULTS);
  await expect(app.root).toHaveAttribute('data-status', 'ready');

  expect(await app.records()).toBe(facts.records);
  expect((await app.source.partitions()).sort(byPartition)).toEqual(expectedRows(facts));
  expect(await app.source.malformedLineNumbers()).toEqual(facts.malformedLines);
  expect(await app.source.malformedCount()).toBe(facts.malformedLines.length);
  for (const line of facts.malformedLines) {
    await expect(app.source.malformed.locator(`li[data-line="${line}"]`)).toContainText(
      `line ${line}`,
    );
  }
  // int64 offsets beyond 2^53 are shown exactly.
  const big = facts.partitions.find((p) => BigInt(p.lastOffset) > 2n ** 53n);
  expect(big).toBeDefined();
  await expect(app.source.partitionRow(big!.topic, big!.partition)).toContainText(big!.lastOffset);
});

test('opening another recording replaces the loaded one', async ({ page }) => {
  const first = recordingFacts(KCAT_FAULTS);
  const second = recordingFacts(BRIDGE_MALFORMED);

  const app = new AppPage(page);
  await app.openEmpty();
  await app.openRecording(KCAT_FAULTS);
  expect(await app.records()).toBe(first.records);

  await app.dropRecording(BRIDGE_MALFORMED);
  expect(await app.records()).toBe(second.records);
  expect((await app.source.partitions()).sort(byPartition)).toEqual(expectedRows(second));
  expect(await app.source.malformedLineNumbers()).toEqual(second.malformedLines);
  await expect(app.source.topicRow('status')).toHaveCount(0);
});

test('files that are not a recording are refused by name, and broken ones fail naming the file and the reason', async ({
  page,
}) => {
  const notes = join(dir, 'notes.txt');
  const broken = join(dir, 'broken.ndjson.gz');
  const garbage = join(dir, 'garbage.ndjson');
  writeFileSync(notes, 'hello');
  writeFileSync(broken, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]));
  writeFileSync(garbage, 'first\n\nthird\n');

  const app = new AppPage(page);
  await app.openEmpty();
  await app.openRecording(KCAT_FAULTS);

  // A file of another kind: refused before anything is read; the loaded recording stays.
  await app.dropFiles(notes);
  await expect(app.notice).toContainText('"notes.txt": not a recording');
  await expect(app.root).toHaveAttribute('data-source-name', 'kcat-faults.ndjson');
  expect(await app.records()).toBe(recordingFacts(KCAT_FAULTS).records);

  // A corrupt gzip file: the load fails with the file's name and why.
  await app.openRecording(broken);
  await expect(app.root).toHaveAttribute('data-status', 'error');
  await expect(app.error).toContainText('broken.ndjson.gz');
  await expect(app.error).toContainText('gzip');

  // A file with no record in it opens empty and lists its lines.
  await app.dropRecording(garbage);
  await expect(app.root).toHaveAttribute('data-status', 'empty');
  await expect(app.error).toHaveCount(0);
  expect(await app.source.malformedLineNumbers()).toEqual(recordingFacts(garbage).malformedLines);
  expect(recordingFacts(garbage).malformedLines).toEqual([1, 3]);
});

/** Every record timestamp in a recording (the test's own read). */
function readTimestamps(path: string): number[] {
  const text = execFileSync('gzip', ['-dc', path], { maxBuffer: 1 << 30 }).toString('utf8');
  const out: number[] = [];
  for (const line of text.split('\n')) {
    const m = /"ts":(\d+)/.exec(line);
    if (m) out.push(Number(m[1]));
  }
  return out;
}
