import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppPage } from './pages/app-page.ts';
import { SqlConsolePage } from './pages/sql-console-page.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KCAT_FAULTS = join(ROOT, 'test/e2e/fixtures/kcat-faults.ndjson');

test('the SQL console queries the loaded tables, caps the rows and names errors, sandboxed', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.openEmpty();
  await app.openRecording(KCAT_FAULTS);
  const sql = new SqlConsolePage(page);
  await sql.open();

  // The first query counts the records of each topic table.
  await sql.root.getByTestId('sql-run').click();
  await expect(sql.root.getByTestId('sql-results')).toBeVisible();
  expect(await sql.rows()).toEqual([
    ['orders', '6'],
    ['status', '3'],
  ]);

  await sql.run(`SELECT _key, status FROM orders WHERE status = 'PLACED' ORDER BY _seq`);
  expect(await sql.rows()).toEqual([
    ['o-1', 'PLACED'],
    ['o-2', 'PLACED'],
    ['o-4', 'PLACED'],
  ]);

  await sql.run('SELECT * FROM range(5000) t(i)');
  await expect(sql.root.getByTestId('sql-count')).toContainText('5000 rows, the first 1000 shown');
  await expect(sql.root.locator('tbody tr')).toHaveCount(1000);

  await sql.run('SELECT nope FROM orders');
  await expect(sql.error()).toContainText('Binder Error');
  await expect(sql.error()).toContainText('nope');

  await sql.run(`SELECT * FROM read_csv('/etc/passwd')`);
  await expect(sql.error()).toContainText('Permission Error');

  await sql.run('DROP TABLE orders');
  await expect(sql.error()).toContainText('only read-only statements are allowed, not DROP');
  await page.screenshot({ path: test.info().outputPath('sql-console.png') });
});
