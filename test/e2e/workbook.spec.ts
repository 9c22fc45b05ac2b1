import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AlertLabPage } from './pages/alert-lab-page.ts';
import { AppPage } from './pages/app-page.ts';
import { WorkbookFile } from './pages/workbook-file.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KCAT_FAULTS = join(ROOT, 'test/e2e/fixtures/kcat-faults.ndjson');

/** A workbook for the capture's `orders` topic: one metric no rule watches, one with a rule. */
const ORDERS_WORKBOOK = `name: orders-only
metrics:
  - id: orders-count
    title: Orders per minute
    unit: records
    kind: count
    topic: orders
    window: 1m
  - id: status-count
    title: Status records per minute
    unit: records
    kind: count
    topic: status
    window: 1m
alerts:
  - id: status-busy
    kind: threshold
    metric: status-count
    op: '>'
    value: 2
    for: 90s
`;

test('a workbook uploaded while a recording is open applies to it at once, metrics without rules included; ratios read as percentages, for as a duration', async ({
  page,
}) => {
  const app = new AppPage(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await app.openEmpty();
  await app.openRecording(KCAT_FAULTS);
  // The default workbook's charts first; a ratio's threshold reads as a percentage.
  await expect(page.locator('[data-metric-id="rejection-ratio"] h3').first()).toContainText(
    'value > 14%',
  );

  await new WorkbookFile(page).upload('orders-only.yaml', ORDERS_WORKBOOK, 'orders-only');

  await expect(page.locator('article[data-metric-id]')).toHaveCount(2);
  await expect(page.locator('[data-metric-id="rejection-ratio"]')).toHaveCount(0);
  const orders = page.locator('[data-metric-id="orders-count"]');
  await expect(orders.locator('h2')).toHaveText('Orders per minute');
  // No rule watches it: no threshold, nothing fires, and the app is not stuck loading.
  await expect(orders).toHaveAttribute('data-firing', '[]');
  await expect(app.root).toHaveAttribute('data-status', 'ready');
  const status = app.chart('status-count');
  await expect(status.root).toHaveAttribute('data-threshold', '2');
  await expect(status.root).toHaveAttribute('data-for-ms', String(90_000));
  // A `for` shorter than a minute or not whole minutes reads as a duration, not 1.5 min.
  await expect(status.root.getByTestId('for-minutes')).toHaveValue('90s');
  expect(errors).toEqual([]);
});

test('the alert lab saves a rule to the workbook and the Charts view shows it', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.openEmpty();
  await app.openRecording(KCAT_FAULTS);
  await new WorkbookFile(page).upload('orders-only.yaml', ORDERS_WORKBOOK, 'orders-only');
  await expect(app.chart('status-count').root).toHaveAttribute('data-threshold', '2');

  const lab = new AlertLabPage(page);
  await lab.open();
  await lab.chooseRule('status-busy');
  await lab.root.getByTestId('lab-threshold').fill('5');
  await expect(lab.root).toHaveAttribute('data-threshold', '5');
  await lab.root.getByTestId('lab-save').click();
  await expect(lab.root.getByTestId('lab-saved')).toHaveText('Saved.');

  await page.locator('[data-testid="analysis-bar"] button[data-view="charts"]').click();
  await expect(app.chart('status-count').root).toHaveAttribute('data-threshold', '5');
  await expect(app.chart('status-count').root).toHaveAttribute('data-for-ms', String(90_000));
});

test('Shift+drag on a chart zooms every chart to that window; double-click shows the whole source again', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.openEmpty();
  await app.openRecording(KCAT_FAULTS);
  await new WorkbookFile(page).upload('orders-only.yaml', ORDERS_WORKBOOK, 'orders-only');
  const charts = page.locator('article[data-metric-id] .chart');
  await expect(charts).toHaveCount(2);
  const whole = await charts.nth(0).getAttribute('data-x-range');

  const over = page.locator('article[data-metric-id="orders-count"] .u-over');
  const box = (await over.boundingBox())!;
  await page.keyboard.down('Shift');
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up('Shift');

  await expect(page.getByTestId('zoom-bar')).toHaveAttribute('data-zoomed', 'true');
  const [start, end] = (await charts.nth(0).getAttribute('data-x-range'))!.split(',').map(Number);
  const [wStart, wEnd] = whole!.split(',').map(Number);
  // About 20%–60% of the whole span, on both charts.
  expect(Math.abs(start! - (wStart! + 0.2 * (wEnd! - wStart!)))).toBeLessThan(
    0.05 * (wEnd! - wStart!),
  );
  expect(Math.abs(end! - (wStart! + 0.6 * (wEnd! - wStart!)))).toBeLessThan(
    0.05 * (wEnd! - wStart!),
  );
  await expect(charts.nth(1)).toHaveAttribute('data-x-range', `${start},${end}`);
  // A zoom is not an explanation request.
  await expect(page.getByTestId('explain-panel')).toHaveCount(0);

  await over.dblclick();
  await expect(charts.nth(0)).toHaveAttribute('data-x-range', whole!);
  await expect(charts.nth(1)).toHaveAttribute('data-x-range', whole!);
  await expect(page.getByTestId('zoom-bar')).toHaveAttribute('data-zoomed', 'false');
});
