import { expect, test, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { AlertLabPage } from './pages/alert-lab-page.ts';
import { AppPage } from './pages/app-page.ts';
import { ParamSearchPage } from './pages/param-search-page.ts';
import { SliPage } from './pages/sli-page.ts';
import { WorkbookFile } from './pages/workbook-file.ts';
import { WorkbookPage } from './pages/workbook-page.ts';

const M = 60_000;
const T0 = Date.UTC(2026, 0, 5, 8, 0);
/** Minutes whose probe took 2 s (bad: latencyMs > 1000); every other probe took 200 ms. */
const SLOW = [10, 11, 12, 30];
const iso = (minute: number) => new Date(T0 + minute * M).toISOString();

/** A kcat capture of `e2e-probe`: one probe at the start of each of 60 minutes. */
function probeCapture(path: string): string {
  const lines = Array.from({ length: 60 }, (_, i) =>
    JSON.stringify({
      topic: 'e2e-probe',
      partition: 0,
      offset: i,
      tstype: 'create',
      ts: T0 + i * M,
      broker: 1,
      key: `probe-${i}`,
      payload: JSON.stringify({ probe: i, latencyMs: SLOW.includes(i) ? 2000 : 200 }),
    }),
  );
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const PROBE_WORKBOOK = `name: probe-slo
metrics:
  - id: probe-latency
    title: Probe latency
    unit: ms
    kind: max
    topic: e2e-probe
    field: latencyMs
    window: 1m
  - id: probes
    title: Probes per minute
    unit: records
    kind: count
    topic: e2e-probe
    window: 1m
slis:
  - id: probe
    title: End-to-end probe
    topic: e2e-probe
    bad: latencyMs > 1000
    objective: 99%
    period: 1d
alerts:
  - id: probe-slow
    title: Probe slower than 1.5 s
    kind: threshold
    metric: probe-latency
    op: '>'
    value: 1500
    catches: probe-outage
  - id: probe-burn
    title: Probe burns its budget
    kind: burn_rate
    sli: probe
    pairs:
      - { name: 1h/5m, long: 1h, short: 5m, factor: 14.4, severity: page }
      - { name: 6h/30m, long: 6h, short: 30m, factor: 6, severity: ticket }
    catches: probe-outage
incidents:
  - { id: slow-1, kind: probe-outage, start: ${iso(10)}, end: ${iso(13)} }
  - { id: slow-2, kind: probe-outage, start: ${iso(30)}, end: ${iso(31)} }
`;

/** Opens the probe capture under the probe workbook and replays it to its end. */
async function openProbes(page: Page): Promise<AppPage> {
  const app = new AppPage(page);
  await app.openEmpty();
  await app.openRecording(probeCapture(test.info().outputPath('probe.ndjson')));
  await new WorkbookFile(page).upload('probe-slo.yaml', PROBE_WORKBOOK, 'probe-slo');
  await expect(page.locator('article[data-metric-id]')).toHaveCount(2);
  await app.playShortToEnd();
  return app;
}

test('an SLI edited in the SLI view is in the YAML at once and its numbers follow: budget = (1 − objective) × period minutes', async ({
  page,
}) => {
  await openProbes(page);
  const slis = new SliPage(page);
  await slis.open();

  // Replayed to its last probe (minute 59, still open): minutes 0–58 are counted, 4 of them bad.
  const before = await slis.numbers('probe');
  expect(before.dataMinutes).toBe(59);
  expect(before.badMinutes).toBe(SLOW.length);
  expect(before.sli).toBeCloseTo(1 - 4 / 59, 12);
  // 1% of a day's 1440 minutes is 14.4 minutes of budget; 4 spent leave 1 − 4/14.4.
  expect(before.errorBudget).toBeCloseTo(14.4, 9);
  expect(before.budgetLeft).toBeCloseTo(1 - 4 / 14.4, 9);
  expect(await slis.pairFactors('probe')).toEqual({ '1h/5m': 14.4, '6h/30m': 6 });

  // Bad input is named, field by field, and cannot be saved.
  await slis.edit('probe');
  await slis.setObjective('probe', '100');
  await slis.setPeriod('probe', '90s');
  await slis.setPair('probe', 'probe-burn', 1, { short: '7h' });
  expect(await slis.errors('probe')).toEqual({
    objective: 'objective 100%: must be strictly between 0% and 100%',
    period: 'period "90s": must be a whole number of minutes, longer than 0',
    'rules.0.pairs.1.short': 'pair 2: the short window (7h) must be shorter than the long one (6h)',
  });
  await expect(slis.saveButton('probe')).toBeDisabled();

  // 99.5% over 2 days, the fast pair's factor 10, the slow pair's short window 1h.
  await slis.setObjective('probe', '99.5');
  await slis.setPeriod('probe', '2d');
  await slis.setPair('probe', 'probe-burn', 0, { factor: '10' });
  await slis.setPair('probe', 'probe-burn', 1, { short: '1h' });
  expect(await slis.errors('probe')).toEqual({});
  // The editor as typed outlives a switch to another tab and back.
  await page.locator('[data-testid="analysis-bar"] button[data-view="charts"]').click();
  await expect(slis.root).toHaveCount(0);
  await slis.open();
  await expect(slis.editor('probe').getByTestId('sli-objective')).toHaveValue('99.5');
  await expect(slis.editor('probe').getByTestId('sli-period')).toHaveValue('2d');
  await slis.card('probe').screenshot({ path: test.info().outputPath('sli-editor.png') });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: test.info().outputPath('sli-view-editing.png') });
  await slis.save('probe');

  await expect(slis.card('probe')).toHaveAttribute('data-objective', '0.995');
  // 0.5% of 2 × 1440 minutes = 14.4 minutes again; then 99.5% over 1 day below gives 7.2.
  const after = await slis.numbers('probe');
  expect(after.periodMs).toBe(2 * 1440 * M);
  expect(after.errorBudget).toBeCloseTo(0.005 * 2880, 9);
  expect(after.budgetLeft).toBeCloseTo(1 - 4 / 14.4, 9);
  expect(after.badMinutes).toBe(4);
  expect(after.sli).toBeCloseTo(1 - 4 / 59, 12);
  expect(await slis.pairFactors('probe')).toEqual({ '1h/5m': 10, '6h/1h': 6 });
  await expect(slis.card('probe').getByTestId('sli-objective-text')).toHaveText(
    'objective 99.5% over 2 days',
  );

  await slis.edit('probe');
  await slis.setPeriod('probe', '1d');
  await slis.save('probe');
  await expect(slis.card('probe')).toHaveAttribute('data-period-ms', String(1440 * M));
  const daily = await slis.numbers('probe');
  expect(daily.errorBudget).toBeCloseTo(0.005 * 1440, 9);
  expect(daily.budgetLeft).toBeCloseTo(1 - 4 / 7.2, 9);
  await page.screenshot({ path: test.info().outputPath('sli-view.png') });

  // The YAML has it: the objective kept as a percentage, the pairs one a line.
  const yaml = new WorkbookPage(page);
  await yaml.open();
  const text = await yaml.text();
  expect(text).toContain('    objective: 99.5%\n    period: 1d\n');
  expect(text).toContain(
    '    pairs:\n      - { name: 1h/5m, long: 1h, short: 5m, factor: 10, severity: page }\n      - { name: 6h/1h, long: 6h, short: 1h, factor: 6, severity: ticket }\n',
  );
  await expect(yaml.root).toHaveAttribute('data-dirty', 'false');

  // Typed in the YAML, the objective is in the SLI view at once (counted from the engine's minutes).
  await yaml.type(text.replace('objective: 99.5%', 'objective: 99.9%'));
  await slis.open();
  await expect.poll(async () => (await slis.numbers('probe')).objective).toBe(0.999);
  await expect(slis.card('probe').getByTestId('sli-pending')).toContainText('not applied yet');
  const typed = await slis.numbers('probe');
  expect(typed.errorBudget).toBeCloseTo(0.001 * 1440, 9);
  expect(typed.budgetLeft).toBeCloseTo(1 - 4 / 1.44, 9);

  // An editor open while the YAML changes the SLI says so, and starts again from it on request.
  await slis.edit('probe');
  await yaml.open();
  await yaml.type((await yaml.text()).replace('period: 1d', 'period: 3d'));
  await slis.open();
  await expect(slis.editor('probe').getByTestId('sli-changed-under')).toBeVisible();
  await slis.editor('probe').getByRole('button', { name: 'Start again from the workbook' }).click();
  await expect(slis.editor('probe').getByTestId('sli-period')).toHaveValue('3d');
  await expect(slis.editor('probe').getByTestId('sli-changed-under')).toHaveCount(0);
});

test('the parameter search keeps its rule, parameters, goal and result across tabs; a workbook change to what it ran on marks it stale', async ({
  page,
}) => {
  await openProbes(page);
  // A label removed in the lab (not saved): the search scores against the one left, and an
  // SLI saved later (which applies the workbook) keeps that edit.
  const lab = new AlertLabPage(page);
  await lab.open();
  expect((await lab.incidents()).map((i) => i.id)).toEqual(['slow-1', 'slow-2']);
  await lab.root.getByRole('button', { name: 'Remove' }).nth(1).click();
  await expect.poll(async () => (await lab.incidents()).map((i) => i.id)).toEqual(['slow-1']);
  const search = new ParamSearchPage(page);
  await search.open();
  await search.chooseRule('probe-burn');
  expect(await search.specs()).toBe('factor.1h/5m=7.2,14.4,28.8\nfactor.6h/30m=3,6,12');
  await search.setSpecs('factor.1h/5m=5,10,14.4,20\nfactor.6h/30m=3,6');
  await search.setMaxFalseAlertsPerWeek(3);
  await search.run();
  const found = await search.shown();
  // Every combination of 4 × 2 factors.
  expect(found.candidates).toBe(8);
  expect(found.recommended).not.toBeNull();
  expect(found.rows.length).toBeGreaterThan(0);
  await search.root.screenshot({ path: test.info().outputPath('param-search.png') });
  await page.screenshot({ path: test.info().outputPath('param-search-page.png') });

  // Away to Charts and the SLI view, and back: the same search, the same result.
  await page.locator('[data-testid="analysis-bar"] button[data-view="charts"]').click();
  await expect(search.root).toHaveCount(0);
  const slis = new SliPage(page);
  await slis.open();
  await search.open();
  await expect(search.root).toHaveAttribute('data-rule', 'probe-burn');
  expect(await search.specs()).toBe('factor.1h/5m=5,10,14.4,20\nfactor.6h/30m=3,6');
  await expect(search.root.getByLabel('Search max false alerts per week')).toHaveValue('3');
  expect(await search.shown()).toEqual(found);

  // A searched parameter changed in the workbook (a factor) leaves the search standing ...
  await slis.open();
  await slis.edit('probe');
  await slis.setPair('probe', 'probe-burn', 0, { factor: '20' });
  await slis.save('probe');
  await search.open();
  await expect(search.root).toHaveAttribute('data-stale', 'false');
  expect(await search.shown()).toEqual(found);
  expect((await lab.incidents()).map((i) => i.id)).toEqual(['slow-1']);

  // ... the SLI's objective does not: its scores were counted at the old one.
  await slis.open();
  await slis.edit('probe');
  await slis.setObjective('probe', '99.9');
  await slis.save('probe');
  await search.open();
  await expect(search.root).toHaveAttribute('data-stale', 'true');
  await expect(search.stale()).toContainText(
    'the SLI probe that rule probe-burn runs on has changed',
  );
  await expect(search.root.getByTestId('search-recommended')).toHaveCount(0);
  await expect(search.root.getByTestId('search-candidate')).toHaveCount(0);
  await search.stale().scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('param-search-stale.png') });
  await search.stale().getByRole('button', { name: 'search again' }).click();
  await expect(search.root).toHaveAttribute('data-stale', 'false');
  await expect(search.root).toHaveAttribute('data-candidates', '8');

  // The rule removed from the workbook: the search says so rather than show its result.
  const yaml = new WorkbookPage(page);
  await yaml.open();
  const text = await yaml.text();
  await yaml.type(
    text.slice(0, text.indexOf('  - id: probe-burn')) + text.slice(text.indexOf('incidents:')),
  );
  await yaml.apply();
  await search.open();
  await expect(search.stale()).toContainText('the workbook no longer has rule probe-burn');
  await expect(search.root.getByTestId('search-candidate')).toHaveCount(0);
});

test('a metric no rule watches draws no threshold and says it has no rule', async ({ page }) => {
  const app = await openProbes(page);
  const none = app.chart('probes');
  await expect(none.root.getByTestId('no-rule')).toHaveText('none');
  await expect(none.root.locator('h3').first()).not.toContainText('value >');
  await expect(none.root.locator('.chart')).not.toHaveAttribute('data-threshold');
  // The metric with a rule keeps its line and label.
  const slow = app.chart('probe-latency');
  await expect(slow.root.locator('h3').first()).toContainText('value > 1500');
  await expect(slow.root.locator('.chart')).toHaveAttribute('data-threshold', '1500');
  await page.screenshot({ path: test.info().outputPath('charts-no-rule.png') });
});
