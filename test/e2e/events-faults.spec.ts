import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppPage } from './pages/app-page.ts';
import { EventsPage } from './pages/events-page.ts';
import { WorkbookPage } from './pages/workbook-page.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/**
 * A real `kcat -C -J` capture (see events-filters.spec.ts): `checkout` has a value that is not
 * JSON (cart-bad, line 21), a tombstone (cart-101, line 22), a record stamped 09:01:15 after one
 * of 09:10:45 in its partition (cart-late, line 23), bytes that were not UTF-8 as kcat writes
 * them (cart-bin, line 44: NUL, U+FFFD, DLE, U+FFFD, DEL) and an array (cart-arr); `audit-log` holds
 * six plain-text lines. The test appends line 5 again (partition 0 offset 4, cart-108), as two
 * overlapping captures would.
 */
const CAPTURE = join(ROOT, 'test/e2e/fixtures/kcat-checkout.ndjson');
const LINES = readFileSync(CAPTURE, 'utf8')
  .split('\n')
  .filter((l) => l !== '');

test('the events browser filters faulted records by kind, shows a record as recorded, and saves its filter into the workbook', async ({
  page,
}) => {
  const path = test.info().outputPath('kcat-checkout-repeat.ndjson');
  writeFileSync(path, `${[...LINES, LINES[4]!].join('\n')}\n`);
  const app = new AppPage(page);
  await app.openEmpty();
  await app.openRecording(path);
  // The repeat is left out, and listed with its line.
  await expect(page.getByTestId('record-faults')).toHaveAttribute('data-lines', '[52]');
  // The source panel counts the same kinds: cart-bin is binary, cart-bad the one bad value.
  const partitions = await app.source.partitions();
  expect(partitions.find((p) => p.topic === 'checkout' && p.partition === 1)).toMatchObject({
    binary: 1,
    malformed: 0,
  });
  expect(partitions.find((p) => p.topic === 'checkout' && p.partition === 0)).toMatchObject({
    binary: 0,
    malformed: 1,
    tombstones: 1,
  });
  const events = new EventsPage(page);
  await events.open();
  await events.filter({ all: true }, 51);

  // Each chip the summary counts says how many records of the whole source have that fault:
  // the rows its condition lists below (late depends on the window, duplicated on the copies).
  const chipCounts = () =>
    events.root
      .locator('[data-testid="fault-chips"] button')
      .evaluateAll((els) =>
        els.map((e) => [
          (e as HTMLElement).dataset.fault,
          e.querySelector('[data-testid="fault-count"]')?.textContent ?? null,
        ]),
      );
  expect(await chipCounts()).toEqual([
    ['bad-json', '7'],
    ['tombstone', '1'],
    ['binary', '1'],
    ['late', null],
    ['out-of-order', '1'],
    ['duplicated', null],
  ]);
  // Of one topic: the six plain-text lines of audit-log are its bad JSON, and nothing else.
  await events.filter({ topic: 'audit-log' }, 6);
  expect((await chipCounts()).filter(([, n]) => n !== null)).toEqual([
    ['bad-json', '6'],
    ['tombstone', '0'],
    ['binary', '0'],
    ['out-of-order', '0'],
  ]);
  await events.filter({ topic: '' }, 51);

  // Each kind of fault, one click each, as the DuckDB condition it compiles to.
  await events.addFault('bad-json', 7);
  expect(await events.conditions()).toEqual(['_bad_json']);
  // cart-bad and the six plain-text audit lines; not cart-bin (binary) nor cart-arr (JSON).
  const badJson = await events.rows();
  expect(badJson.filter((r) => r.topic === 'audit-log')).toHaveLength(6);
  expect(badJson.filter((r) => r.topic === 'checkout').map((r) => r.key)).toEqual(['cart-bad']);
  await events.clearConditions();
  await events.addFault('tombstone', 1);
  expect((await events.rows()).map((r) => r.key)).toEqual(['cart-101']);
  expect((await events.rows())[0]!.faults).toBe('tombstone (null value)');
  await events.clearConditions();
  await events.addFault('out-of-order', 1);
  expect((await events.rows()).map((r) => r.key)).toEqual(['cart-late']);
  await events.clearConditions();
  await events.addFault('duplicated', 1);
  expect(await events.conditions()).toEqual(['_duplicated']);
  expect((await events.rows()).map((r) => r.key)).toEqual(['cart-108']);
  await events.clearConditions();
  // No metric of the workbook reads these topics: late is judged over 1-minute windows.
  await expect(events.root.locator('[data-testid="fault-chips"] [data-fault="late"]')).toHaveText(
    'late (1m)',
  );
  // Late over 1-minute windows: cart-late's window [09:01, 09:02) was final once 09:10:45 was
  // delivered. Over 15-minute windows [09:00, 09:15) it was still open.
  await events.addFault('late', 1);
  expect(await events.conditions()).toEqual([
    '((_ts - ((_ts % 60000) + 60000) % 60000) + 60000 <= _stream_ts)',
  ]);
  expect((await events.rows()).map((r) => r.key)).toEqual(['cart-late']);
  await events.clearConditions();
  await events.setLateWindow('15m');
  await events.addFault('late', 0);
  await events.clearConditions();

  // Binary: the bytes kcat could not write as UTF-8, as recorded and in hex.
  await events.addFault('binary', 1);
  expect(await events.conditions()).toEqual(['_binary']);
  await events.select(0);
  await expect(events.detail.getByTestId('event-faults')).toHaveText(
    'binary: not text (control characters or U+FFFD)',
  );
  expect(await events.value('hex')).toBe(
    '00000000  00 ef bf bd 10 ef bf bd 7f                       .........',
  );
  expect(await events.value('raw')).toBe('\\u0000\ufffd\\u0010\ufffd\\u007f');
  expect(await events.sourceLine()).toEqual({
    line: 44,
    // The line escapes NUL and DLE itself; its DEL is a raw byte, shown escaped.
    text: LINES[43]!.replace('\u007f', '\\u007f'),
  });
  await page.screenshot({ path: test.info().outputPath('events-binary.png') });
  await events.clearConditions();

  // A JSON record: its fields rebuilt, and its payload exactly as the line holds it.
  // cart-102's first record (line 2, the earliest of its three).
  await events.filter({ key: 'cart-102' }, 3);
  await events.select(0);
  const payload = JSON.parse(LINES[1]!).payload as string;
  expect(await events.value('raw')).toBe(payload);
  expect(await events.value('json')).toBe(JSON.stringify(JSON.parse(payload), null, 2));
  expect((await events.sourceLine()).line).toBe(2);
  await events.value('raw');
  await page.screenshot({ path: test.info().outputPath('events-as-recorded.png') });
  await events.filter({ key: '' }, 51);

  // Saved into the workbook: topic, text and conditions, under a name.
  await events.filter({ topic: 'checkout' }, 45);
  await events.addFault('bad-json', 1);
  await events.addCondition({ kind: 'header', name: 'source', value: 'legacy' });
  await events.saveFilter('legacy bad json');
  expect(await events.savedFilters()).toEqual(['legacy bad json']);
  await page.screenshot({ path: test.info().outputPath('events-saved.png') });

  const workbook = new WorkbookPage(page);
  await workbook.open();
  const yaml = await workbook.text();
  expect(yaml).toContain(
    [
      'filters:',
      '  - name: legacy bad json',
      '    topic: checkout',
      '    where:',
      '      - _bad_json',
      "      - header(_headers, 'source') = 'legacy'",
    ].join('\n'),
  );
  // It downloads with the workbook.
  const download = page.waitForEvent('download');
  await page.getByTestId('workbook-download').click();
  const file = await (await download).path();
  expect(readFileSync(file, 'utf8')).toContain('  - name: legacy bad json\n');

  // Picked again: the browser comes back with its topic and conditions.
  await events.open();
  // (The tab opens anew: the conditions from the URL, the other fields as at first.)
  await events.clearConditions();
  await events.filter({ all: true }, 51);
  await events.pickSaved('legacy bad json', 1);
  expect(await events.conditions()).toEqual(['_bad_json', "header(_headers, 'source') = 'legacy'"]);
  await expect(events.root.getByTestId('events-topic')).toHaveValue('checkout');
  expect((await events.rows()).map((r) => r.key)).toEqual(['cart-bad']);
});
