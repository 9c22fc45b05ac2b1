import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AlertLabPage } from './pages/alert-lab-page.ts';
import { AppPage } from './pages/app-page.ts';
import { EventsPage } from './pages/events-page.ts';
import { WorkbookFile } from './pages/workbook-file.ts';
import { WorkbookPage } from './pages/workbook-page.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/**
 * A real capture: `kcat -C -J -e` of a 2-partition `checkout-payments` topic on a real broker, with
 * stderr (its two "% Reached end of topic" lines), records with headers (content-type, source,
 * traceparent, retry), one plain-text value and one broken JSON value. 40 minutes from
 * 2026-03-02 09:00 UTC: a payment every 12 s, one in 17 declined, and from 09:22 to 09:27 a
 * burst of declined card payments (3 every 12 s). The kitchen workbook knows no `checkout-payments` (its `payments` is another topic).
 */
const CAPTURE = join(ROOT, 'test/e2e/fixtures/kcat-checkout-payments.ndjson');
const BURST_START = Date.parse('2026-03-02T09:22:00Z');
const BURST_END = Date.parse('2026-03-02T09:27:00Z');
/** Screenshots to look at while working (not assertions); PW_SHOTS=<dir> to keep them. */
const SHOTS = process.env.PW_SHOTS;

test('a metric and an alert rule made in the app on an unknown topic of a kcat capture fire on the chart during the burst', async ({
  page,
}) => {
  const app = new AppPage(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await app.openEmpty();
  await app.openRecording(CAPTURE);
  // The default workbook computes nothing here, and says what to do.
  await expect(page.getByTestId('no-metrics')).toBeVisible();

  // From the events browser: the topic's records, then "Make a metric" on it.
  const events = new EventsPage(page);
  await events.open();
  await events.filter({ topic: 'checkout-payments', all: true }, 252);
  await page.getByTestId('events-make-metric').click();

  const wb = new WorkbookPage(page);
  await expect(wb.root).toBeVisible();
  await expect(wb.profile).toHaveAttribute('data-topic', 'checkout-payments');
  await expect(wb.profile.getByTestId('profile-records')).toHaveText('252');
  await expect(wb.profile.locator('tr[data-field="amount"] .type')).toHaveText('double');
  await expect(wb.profile.getByTestId('profile-headers')).toContainText('content-type 250');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/workbook-make-metric.png` });
  // A form half filled in is still there after another tab.
  await wb.metricMaker.getByTestId('maker-filter').fill("status = 'DECLINED'");
  await events.open();
  await wb.open();
  await expect(wb.metricMaker.getByTestId('maker-filter')).toHaveValue("status = 'DECLINED'");

  const metric = await wb.makeMetric({
    filter: "status = 'DECLINED'",
    window: '1m',
    title: 'Declined payments',
  });
  expect(metric).toBe('declined-payments');
  const rule = await wb.addRule({ op: '>', value: 5, for: '2m', title: 'Payments declining' });
  expect(rule).toBe('declined-payments-alert');
  // Both are in the YAML, after the kitchen workbook's own, which keeps its comments.
  const yaml = await wb.text();
  expect(yaml).toContain('# The kitchen workbook');
  expect(yaml).toContain(`  - id: declined-payments
    title: Declined payments
    unit: records
    kind: count
    topic: checkout-payments
    filter: status = 'DECLINED'
    window: 1m
`);
  expect(yaml).toContain(`  - id: declined-payments-alert
    title: Payments declining
    kind: threshold
    metric: declined-payments
    op: '>'
    value: 5
    for: 2m
`);
  await expect(wb.root).toHaveAttribute('data-dirty', 'false');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/workbook-added.png` });

  await page.getByTestId('show-charts').click();
  const chart = app.chart('declined-payments');
  await expect(chart.root).toHaveAttribute('data-threshold', '5');
  await app.playShortToEnd();
  await expect.poll(async () => (await chart.firingIntervals()).length).toBe(1);
  const [firing] = await chart.firingIntervals();
  // More than 5 declines a minute for 2 minutes: only inside the burst.
  expect(firing!.start).toBeGreaterThan(BURST_START);
  expect(firing!.start).toBeLessThan(BURST_END);
  expect(firing!.end).not.toBeNull();
  expect(firing!.end!).toBeLessThanOrEqual(BURST_END + 60_000);
  await expect(chart.root.locator('.badge.fired')).toHaveText('fired 1×');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/charts-authored.png` });
  expect(errors).toEqual([]);
});

/** A workbook for the capture, written by hand: comments, two rules on one metric. */
const PAYMENTS_WORKBOOK = `# Payments on call
name: payments
metrics:
  - id: declined
    title: Declined payments per minute
    unit: payments
    kind: count
    topic: checkout-payments
    filter: status = 'DECLINED' # card and wallet alike
    window: 1m
  - id: amount-p90
    title: Payment amount p90
    unit: EUR
    kind: quantile
    topic: checkout-payments
    field: amount
    q: 0.9
    window: 5m
alerts:
  - id: amount-high
    kind: threshold
    metric: amount-p90
    op: '>'
    value: 100
  - id: declines
    title: Declines above 4 a minute
    kind: threshold
    metric: declined
    op: '>'
    value: 4
    for: 1m
`;

test('the alert lab, Charts and the YAML show one workbook: an edit in one is in the others, and switching tabs keeps the lab', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.openEmpty();
  await app.openRecording(CAPTURE);
  // An upload applies to the open recording at once.
  await new WorkbookFile(page).upload('payments.yaml', PAYMENTS_WORKBOOK, 'payments');
  const chart = app.chart('declined');
  await expect(chart.root).toHaveAttribute('data-threshold', '4');
  await app.playShortToEnd();

  // The lab on the second rule, a sweep, and an edit of the threshold.
  const lab = new AlertLabPage(page);
  await lab.open();
  await lab.chooseRule('declines');
  await lab.runSweep();
  const rows = await lab.root.getAttribute('data-sweep-rows');
  await lab.root.getByTestId('lab-threshold').fill('7');
  await expect(lab.root).toHaveAttribute('data-threshold', '7');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/lab-edited.png`, fullPage: true });

  // Charts has it at once, not saved: and its firing follows.
  await page.locator('[data-testid="analysis-bar"] button[data-view="charts"]').click();
  await expect(chart.root).toHaveAttribute('data-threshold', '7');
  await expect(chart.root).toHaveAttribute('data-for-ms', '60000');
  await expect(page.getByTestId('workbook-dirty')).toBeVisible();
  // An edit in Charts reaches the lab.
  await chart.setForMinutes(2);

  // The YAML has both, in place, its comments kept.
  const wb = new WorkbookPage(page);
  await wb.open();
  const yaml = await wb.text();
  expect(yaml).toBe(
    PAYMENTS_WORKBOOK.replace(
      "    op: '>'\n    value: 4\n    for: 1m\n",
      "    op: '>'\n    value: 7\n    for: 2m\n",
    ),
  );
  await expect(wb.root).toHaveAttribute('data-dirty', 'true');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/workbook-dirty.png` });

  // Back in the lab: the same rule, its sweep, the edits.
  await lab.open();
  await expect(lab.root).toHaveAttribute('data-rule', 'declines');
  await expect(lab.root).toHaveAttribute('data-sweep-rows', rows!);
  await expect(lab.root).toHaveAttribute('data-threshold', '7');
  await expect(lab.root).toHaveAttribute('data-for-ms', '120000');

  // Saved, it is the active workbook; Charts keeps it.
  await lab.root.getByTestId('lab-save').click();
  await expect(lab.root.getByTestId('lab-saved')).toHaveText('Saved.');
  await expect(page.getByTestId('workbook-dirty')).toHaveCount(0);
  await page.locator('[data-testid="analysis-bar"] button[data-view="charts"]').click();
  await expect(chart.root).toHaveAttribute('data-threshold', '7');
  await expect(chart.root).toHaveAttribute('data-for-ms', '120000');
});

test('the YAML is checked as it is typed: a wrong value and a bad filter are listed with their lines, and Apply waits for a valid workbook', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.openEmpty();
  await app.openRecording(CAPTURE);
  await new WorkbookFile(page).upload('payments.yaml', PAYMENTS_WORKBOOK, 'payments');
  const wb = new WorkbookPage(page);
  await wb.open();

  await wb.type(PAYMENTS_WORKBOOK.replace('value: 100', 'value: high'));
  await expect(wb.issues()).toContainText('line 24:5');
  await expect(wb.issues()).toContainText('alerts[0].value');
  await expect(page.getByTestId('yaml-apply')).toBeDisabled();

  // SQL is checked by the engine once typing pauses.
  await wb.type(PAYMENTS_WORKBOOK.replace("status = 'DECLINED'", "status = = 'DECLINED'"));
  await expect(wb.issues()).toContainText('line 9:5');
  await expect(wb.issues()).toContainText('metrics[0].filter');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/workbook-issues.png` });

  // A filter reading a table would see records not delivered yet: refused, with the reason.
  await wb.type(
    PAYMENTS_WORKBOOK.replace(
      "status = 'DECLINED'",
      'amount > (SELECT avg(amount) FROM "checkout-payments")',
    ),
  );
  await expect(wb.issues()).toContainText('metrics[0].filter');
  await expect(wb.issues()).toContainText(
    `reads "checkout-payments": an expression works on one record's fields`,
  );
  await expect(page.getByTestId('yaml-apply')).toBeDisabled();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/workbook-future-read.png` });

  await wb.type(PAYMENTS_WORKBOOK.replace('window: 5m', 'window: 10m'));
  await expect(wb.issues()).toHaveCount(0);
  await wb.apply();
  await page.locator('[data-testid="analysis-bar"] button[data-view="charts"]').click();
  await expect(app.chart('amount-p90').root.locator('.step')).toHaveText('every 10 min');
});

test('a threshold set in Charts on a metric no rule watches adds a rule to the workbook', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.openEmpty();
  await app.openRecording(CAPTURE);
  const metricsOnly = PAYMENTS_WORKBOOK.slice(0, PAYMENTS_WORKBOOK.indexOf('alerts:'));
  await new WorkbookFile(page).upload('metrics-only.yaml', metricsOnly, 'payments');
  const chart = app.chart('declined');
  await expect(chart.root).toHaveAttribute('data-firing', '[]');
  await chart.setThreshold(6);

  const wb = new WorkbookPage(page);
  await wb.open();
  expect(await wb.text()).toBe(`${metricsOnly}
alerts:
  - id: declined-alert
    title: Declined payments per minute > 6
    kind: threshold
    metric: declined
    op: '>'
    value: 6
`);
});
