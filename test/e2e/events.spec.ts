import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppPage } from './pages/app-page.ts';
import { WorkbookFile } from './pages/workbook-file.ts';
import { EventsPage } from './pages/events-page.ts';
import { TracesPage } from './pages/traces-page.ts';

/** 2026-01-01T10:00:00Z */
const T0 = Date.UTC(2026, 0, 1, 10);
const RECORDS = 300;

interface CaptureRecord {
  topic: string;
  partition: number;
  ts: number;
  key: string;
  payload: string | null;
}

/**
 * A `kcat -C -J` capture of two topics the kitchen workbook does not know: headers on every
 * record (a traceparent among them), JSON values, plain-text values, tombstones, and one line
 * kcat prints that is not a record.
 */
function capture(): { text: string; records: CaptureRecord[] } {
  const offsets = [100, 200];
  const records: CaptureRecord[] = [];
  const lines: string[] = [];
  for (let i = 0; i < RECORDS; i++) {
    const partition = i % 2;
    const payload =
      i % 50 === 7
        ? `ERROR plain text line ${i}`
        : i % 97 === 3
          ? null
          : JSON.stringify({
              orderId: `ord-${String(Math.floor(i / 3)).padStart(4, '0')}`,
              amount: (i * 7) % 200,
              status: i % 5 === 0 ? 'DECLINED' : 'CAPTURED',
            });
    const r: CaptureRecord = {
      topic: i % 3 ? 'payments-eu' : 'ledger.entries',
      partition,
      ts: T0 + i * 1500,
      key: `acct-${i % 17}`,
      payload,
    };
    records.push(r);
    const trace = (i + 1).toString(16).padStart(32, '0');
    lines.push(
      JSON.stringify({
        ...r,
        offset: offsets[partition]!++,
        tstype: 'create',
        broker: 1,
        headers: ['traceparent', `00-${trace}-00f067aa0ba902b7-01`, 'x-tenant', 'acme'],
      }),
    );
  }
  lines.splice(40, 0, '% Reached end of topic payments-eu [0] at offset 150');
  return { text: `${lines.join('\n')}\n`, records };
}

let dir: string;
let path: string;
let records: CaptureRecord[];

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tapedeck-e2e-events-'));
  path = join(dir, 'payments.kcat.ndjson');
  const c = capture();
  records = c.records;
  writeFileSync(path, c.text);
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a capture the workbook does not know: the charts say so and lead to its records', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.openEmpty();
  await app.openRecording(path);
  const hint = page.getByTestId('no-metrics');
  await expect(hint).toContainText('computes nothing from this source');
  await expect(hint).toContainText('ledger.entries, payments-eu');
  await hint.getByTestId('no-metrics-events').click();
  await expect(new EventsPage(page).root).toBeVisible();
});

test('the events browser lists, filters and details the records, and seeks the replay to one', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.openEmpty();
  await app.openRecording(path);
  const events = new EventsPage(page);
  await events.open();
  // At the start only the first record is delivered.
  expect(await events.total()).toBe(1);
  await events.filter({ all: true }, RECORDS);

  // The list holds only the rows around the visible ones; scrolled to the end it shows the last.
  expect((await events.rows()).length).toBeLessThan(RECORDS);
  await events.scrollTo(1);
  await expect.poll(async () => Math.max(...(await events.visibleSeqs()))).toBe(RECORDS - 1);
  await events.scrollTo(0.5);
  await expect
    .poll(async () => (await events.visibleSeqs()).some((s) => Math.abs(s - RECORDS / 2) < 20))
    .toBe(true);
  await events.scrollTo(0);

  const faulted = records.filter((r) => r.payload === null || !r.payload.startsWith('{'));
  await events.filter({ faultsOnly: true }, faulted.length);
  const rows = await events.rows();
  expect(rows.map((r) => r.key)).toEqual(faulted.map((r) => r.key));
  // Record 3 is a tombstone, record 7 the first plain-text value.
  expect(rows.slice(0, 2).map((r) => r.faults)).toEqual(['tombstone (null value)', 'not JSON']);
  await events.select(1);
  await expect(events.detail.getByTestId('event-value')).toHaveText('ERROR plain text line 7');
  await expect(events.detail.getByTestId('event-faults')).toHaveText('not JSON');
  await page.screenshot({ path: join(dir, 'events.png') });

  await events.filter(
    { faultsOnly: false, text: 'declined' },
    records.filter((r) => r.payload?.includes('DECLINED')).length,
  );
  await events.filter(
    { text: '', topic: 'ledger.entries', key: 'acct-3' },
    records.filter((r) => r.topic === 'ledger.entries' && r.key === 'acct-3').length,
  );
  await events.select(1);
  const chosen = records.filter((r) => r.topic === 'ledger.entries' && r.key === 'acct-3')[1]!;
  await expect(events.detail.getByTestId('event-value')).toHaveText(
    JSON.stringify(JSON.parse(chosen.payload!), null, 2),
  );
  await expect(events.detail).toContainText('00-');
  await events.detail.getByTestId('event-seek').click();
  await expect(app.root).toHaveAttribute('data-replay-time', String(chosen.ts));
});

test("a record's business key opens its trace in the Traces tab", async ({ page }) => {
  const app = new AppPage(page);
  await app.openEmpty();
  await app.openRecording(path);
  const events = new EventsPage(page);
  await events.open();
  await events.filter(
    { all: true, key: 'acct-0' },
    records.filter((r) => r.key === 'acct-0').length,
  );
  await events.select(0);
  const orderId = (
    JSON.parse(records.find((r) => r.key === 'acct-0')!.payload!) as { orderId: string }
  ).orderId;
  await events.detail.getByTestId('event-trace').click();
  await expect(new TracesPage(page).view).toBeVisible();
  await expect(page.getByTestId('trace-waterfall').first()).toHaveAttribute('data-key', orderId);
});

test('a metric grouped by a high-cardinality field draws the top series and says how many are not drawn', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.openEmpty();
  await app.openRecording(path);
  await new WorkbookFile(page).upload(
    'by-order.yaml',
    [
      'name: by-order',
      'metrics:',
      '  - id: amount-by-order',
      '    title: Amount per order',
      '    unit: EUR',
      '    kind: sum',
      '    topic: payments-eu',
      '    field: amount',
      '    by: orderId',
      '    window: 10m',
      '  - id: average-by-order',
      '    title: Average payment per order',
      '    unit: EUR',
      '    kind: avg',
      '    topic: payments-eu',
      '    field: amount',
      '    by: orderId',
      '    window: 10m',
      '',
    ].join('\n'),
    'by-order',
  );
  await app.clickTimelineAt(1);
  await app.waitForFrame();
  const orders = new Set(
    records
      .filter((r) => r.topic === 'payments-eu' && r.payload?.startsWith('{'))
      .map((r) => (JSON.parse(r.payload!) as { orderId: string }).orderId),
  );
  // Records without an orderId (plain text, tombstones) make one more series, of no order.
  const series = orders.size + 1;
  const hidden = page.locator('[data-metric-id="amount-by-order"]').getByTestId('hidden-series');
  await expect(hidden).toContainText(`12 of ${series} series drawn`);
  await expect(hidden).toContainText(`The other ${series - 12} are not drawn`);
  // The average has no value for the records of no order (none has an amount): that series is
  // named under the chart, not drawn nor listed in the legend as "–".
  const average = page.locator('[data-metric-id="average-by-order"]');
  await expect(average.getByTestId('hidden-series')).toContainText(
    `12 of ${orders.size} series drawn`,
  );
  await expect(average.getByTestId('empty-series')).toHaveText(
    'No value so far: (none) (a series not drawn).',
  );
  await expect(
    page.locator('[data-metric-id="amount-by-order"]').getByTestId('empty-series'),
  ).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('top-series.png') });
});
