import { expect, test } from '@playwright/test';
import { parquetReadObjects } from 'hyparquet';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppPage } from './pages/app-page.ts';
import { SqlConsolePage } from './pages/sql-console-page.ts';
import { WorkbookFile } from './pages/workbook-file.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KCAT_FAULTS = join(ROOT, 'test/e2e/fixtures/kcat-faults.ndjson');

/** A workbook for the capture: orders per 5 s, and a rule that fires when there are any. */
const WORKBOOK = `name: orders-sql
metrics:
  - id: orders-count
    title: Orders per 5 s
    unit: records
    kind: count
    topic: orders
    window: 5s
alerts:
  - id: any-orders
    kind: threshold
    metric: orders-count
    op: '>'
    value: 0
    for: 0s
`;

/** Runs for minutes unless cancelled. */
const ENDLESS = 'SELECT count(*) FROM range(100000000000) t(i) WHERE i % 7 = 3';

test('the SQL console cancels a running query, points at errors, charts and downloads results, and queries metric_series and alert_intervals', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.openEmpty();
  await app.openRecording(KCAT_FAULTS);
  await new WorkbookFile(page).upload('orders-sql.yaml', WORKBOOK, 'orders-sql');
  await app.playShortToEnd();
  const sql = new SqlConsolePage(page);
  await sql.open();

  // Cancel: the query stops inside DuckDB; the console and the engine carry on.
  await sql.start(ENDLESS);
  await page.waitForTimeout(500);
  await sql.cancel();
  await expect(sql.error()).toContainText(/query cancelled after \d+\.\d s/);
  await sql.run('SELECT 41 + 1 AS answer');
  expect(await sql.rows()).toEqual([['42']]);

  // An error points at the user's own text: line 2, column 2, where the cursor is put.
  await sql.run('SELECT _key,\n  nope\nFROM orders');
  await expect(sql.error()).toContainText('LINE 2:   nope');
  await expect(sql.error()).toHaveAttribute('data-line', '2');
  await expect(sql.error()).toHaveAttribute('data-column', '2');
  expect(await sql.selectionStart()).toBe('SELECT _key,\n  '.length);

  // A quick chart: the time column against the numeric ones.
  await sql.run(
    'SELECT epoch_ms(_ts - _ts % 2000) AS bucket, count(*) AS records, max(_offset) AS last_offset\n' +
      'FROM orders WHERE _ts IS NOT NULL GROUP BY 1 ORDER BY 1',
  );
  await expect(sql.chart()).toBeVisible();
  await expect(sql.chart()).toHaveAttribute('data-x', 'bucket');
  await expect(sql.chart()).toHaveAttribute('data-series', 'records,last_offset');
  await expect(sql.chart().locator('canvas')).toHaveCount(1);
  // Times read as UTC times in the table.
  expect((await sql.rows())[0]![0]).toBe('2026-01-01 00:00:00 UTC');
  await page.screenshot({ path: test.info().outputPath('sql-console-chart.png') });

  // Downloads: the same rows as CSV and as Parquet.
  const csv = await sql.download('csv');
  expect(csv.name).toBe('tapedeck-query.csv');
  const lines = csv.bytes.toString('utf8').trimEnd().split('\r\n');
  expect(lines[0]).toBe('bucket,records,last_offset');
  expect(lines[1]).toBe('1767225600000,3,12');
  const parquet = await sql.download('parquet');
  expect(parquet.name).toBe('tapedeck-query.parquet');
  const rows = await parquetReadObjects({
    file: parquet.bytes.buffer.slice(
      parquet.bytes.byteOffset,
      parquet.bytes.byteOffset + parquet.bytes.byteLength,
    ) as ArrayBuffer,
  });
  expect(rows).toHaveLength(lines.length - 1);
  expect(rows[0]).toEqual({ bucket: new Date(1767225600000), records: 3n, last_offset: 12n });

  // The workbook's metric and its rule's firing as tables, as of the replay time.
  await sql.run(
    'SELECT metric, count(*) AS samples, sum(value) AS records FROM metric_series GROUP BY metric',
  );
  const series = await sql.rows();
  expect(series).toHaveLength(1);
  expect(series[0]![0]).toBe('orders-count');
  expect(Number(series[0]![2])).toBeGreaterThan(0);
  await sql.run('SELECT rule, series, start, "end", firing FROM alert_intervals ORDER BY start');
  const intervals = await sql.rows();
  expect(intervals.length).toBeGreaterThan(0);
  expect(intervals[0]![0]).toBe('any-orders');
  expect(intervals[0]![2]).toMatch(/^2026-01-01 00:00:\d\d UTC$/);
  await page.screenshot({ path: test.info().outputPath('sql-console-alerts.png') });
});
