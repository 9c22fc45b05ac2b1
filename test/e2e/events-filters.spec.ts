import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppPage } from './pages/app-page.ts';
import { EventsPage } from './pages/events-page.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/**
 * A real `kcat -C -J` capture from a local broker: `checkout` (JSON carts, headers source,
 * content-type, retry, traceparent; a value that is not JSON, a binary one, a tombstone, an
 * array and a record stamped before the one ahead of it) and `audit-log` (plain text, an `actor`
 * header). The kitchen workbook knows neither topic.
 */
const CAPTURE = join(ROOT, 'test/e2e/fixtures/kcat-checkout.ndjson');

test('the events browser filters on headers, JSON fields, time and faults as editable DuckDB conditions kept in the URL, and shows every header', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.openEmpty();
  await app.openRecording(CAPTURE);
  const events = new EventsPage(page);
  await events.open();
  await events.filter({ all: true }, 51);

  // A header: the condition it compiles to is shown, and the list follows it.
  await events.addCondition({ kind: 'header', name: 'source', value: 'legacy' });
  expect(await events.conditions()).toEqual([`header(_headers, 'source') = 'legacy'`]);
  await expect(events.root).toHaveAttribute('data-total', '2');
  expect((await events.rows()).map((r) => r.key).sort()).toEqual(['cart-bad', 'cart-bin']);

  // Edited by hand: the same condition on another value (every third cart came from mobile).
  await events.editCondition(0, `header(_headers, 'source') = 'mobile'`);
  await expect(events.root).toHaveAttribute('data-total', '14');
  // Kept in the URL: a reload (the capture opened again) comes back with it.
  const where = () => new URLSearchParams(new URL(page.url()).hash.slice(1)).get('where');
  expect(where()).toBe(JSON.stringify([`header(_headers, 'source') = 'mobile'`]));
  await page.reload();
  await app.openRecording(CAPTURE);
  await events.open();
  await events.filter({ all: true }, 14);
  expect(await events.conditions()).toEqual([`header(_headers, 'source') = 'mobile'`]);
  await events.clearConditions();
  await expect(events.root).toHaveAttribute('data-total', '51');
  expect(where()).toBeNull();

  // JSON fields: only `checkout` has them, so `audit-log` drops out.
  await events.addCondition({ kind: 'field', name: 'step', value: 'pay' });
  await events.addCondition({ kind: 'field', name: 'amount', op: '>', value: '50' });
  expect(await events.conditions()).toEqual([`step = 'pay'`, 'amount > 50']);
  const paid = await events.total();
  expect(paid).toBeGreaterThan(0);
  expect((await events.rows()).every((r) => r.topic === 'checkout')).toBe(true);
  await events.clearConditions();

  // A time range, [from, to) in UTC.
  await events.filter({ topic: 'checkout' }, 45);
  await events.addCondition({
    kind: 'time',
    from: '2026-03-01T09:00:00',
    to: '2026-03-01T09:01:00',
  });
  expect(await events.conditions()).toEqual([
    `_ts >= epoch_ms(TIMESTAMP '2026-03-01 09:00:00') AND _ts < epoch_ms(TIMESTAMP '2026-03-01 09:01:00')`,
  ]);
  await expect(events.root).toHaveAttribute('data-total', '4');
  await events.clearConditions();

  // Faults: the record stamped before the one ahead of it, with all its headers.
  await events.addCondition({ kind: 'fault', fault: 'out-of-order' });
  expect(await events.conditions()).toEqual(['_ooo']);
  await expect(events.root).toHaveAttribute('data-total', '1');
  await events.select(0);
  expect(await events.detailHeaders()).toEqual([
    ['source', 'web'],
    ['retry', '3'],
  ]);
  await expect(events.detail.getByTestId('event-faults')).toContainText('out of order');
  await page.screenshot({ path: test.info().outputPath('events-detail.png') });
  await events.clearConditions();
  await events.addCondition({ kind: 'fault', fault: 'not-json' });
  await expect(events.root).toHaveAttribute('data-total', '3');
  const shown = await events.rows();
  expect(shown.map((r) => r.key).sort()).toEqual(['cart-arr', 'cart-bad', 'cart-bin']);
  await events.select(shown.findIndex((r) => r.key === 'cart-bad'));
  await expect(events.detail.getByTestId('event-value')).toHaveText('step=pay;amount=12');
  expect(await events.detailHeaders()).toEqual([['source', 'legacy']]);

  // A time in the detail seeks the replay there.
  await events.detail.getByTestId('event-seek').click();
  await expect(app.root).toHaveAttribute(
    'data-replay-time',
    String(Date.UTC(2026, 2, 1, 9, 10, 15)),
  );

  // A condition naming a column no topic has says so.
  await events.clearConditions();
  await events.root.getByTestId('condition-sql').click();
  await events.editCondition(0, 'nope = 1');
  await expect(events.root.getByTestId('events-count')).toContainText(
    'no topic has the column it names',
  );
  await events.editCondition(0, `header(_headers, 'retry') = '1'`);
  await expect(events.root).toHaveAttribute('data-total', '3');
  await page.screenshot({ path: test.info().outputPath('events-filters.png') });
});
