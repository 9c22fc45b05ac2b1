import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AlertLabPage } from './pages/alert-lab-page.ts';
import { AppPage } from './pages/app-page.ts';
import type { FiringIntervalView } from './pages/chart-panel.ts';

// Issue 16, point 3: a series file (`tapedeck export series`, or `tapedeck flink run`) opened in
// the app in place of the recording it was computed from: the same charts, incidents and alerts.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = process.env.TAPEDECK_SHOTS;

let dir: string;
const at = (name: string) => join(dir, name);

function tapedeck(...args: string[]): void {
  execFileSync(process.execPath, [join(ROOT, 'bin/tapedeck.js'), ...args], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tapedeck-e2e-series-'));
  // r.ndjson.gz and r.labels.json; the series file r.parquet shares the labels' name
  tapedeck(
    'scenario',
    'kitchen',
    '--duration',
    '3h',
    '--start',
    '2026-01-05T18:00:00Z',
    '--incidents',
    'rejection-spike',
    '--out',
    at('r.ndjson.gz'),
  );
  tapedeck(
    'export',
    'series',
    '--recording',
    at('r.ndjson.gz'),
    '--format',
    'parquet',
    '--out',
    at('r.parquet'),
  );
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a replay to the end shows: firing intervals of two rules and the ratio chart's legend. */
async function shownAtEnd(app: AppPage, short = false) {
  // a series file has few sample times: at max speed it may end before "playing" shows
  if (short) await app.playShortToEnd();
  else await app.playMaxToEnd();
  const ratio = app.chart('rejection-ratio');
  await expect(ratio.root.locator('canvas').first()).toBeVisible();
  const legend = (
    await ratio.root.locator('.u-legend .u-series .u-label').allTextContents()
  ).sort();
  const chartsFiring = {
    ratio: await ratio.firingIntervals(),
    rejected: await app.chart('rejected-5m').firingIntervals(),
  };
  // the alert lab scores the rule on the same series (rates per day differ with the span's end:
  // the recording's last record, the series' last sample)
  const lab = new AlertLabPage(app.page);
  await lab.open();
  await lab.chooseRule('rejections-high');
  await expect.poll(async () => (await lab.scores())?.alerts ?? -1).toBeGreaterThan(0);
  const s = await lab.scores();
  const scores = {
    recall: s.recall,
    precision: s.precision,
    alerts: s.alerts,
    trueAlerts: s.trueAlerts,
    falseAlerts: s.falseAlerts,
    meanTimeToDetectMs: s.meanTimeToDetectMs,
    perIncident: s.perIncident,
  };
  const labFiring = await lab.firing();
  if (SHOTS && short) await app.page.screenshot({ path: `${SHOTS}/series-lab.png` });
  await app.page.locator('[data-testid="analysis-bar"] button[data-view="charts"]').click();
  return {
    incidents: await app.incidents(),
    ...chartsFiring,
    legend,
    scores,
    labFiring,
  };
}

test('a series file opened with its labels shows the charts, incidents and firing rules of the recording it was exported from', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.openEmpty();
  await app.openRecording(at('r.ndjson.gz'), at('r.labels.json'));
  const recording = await shownAtEnd(app);
  const spike = recording.incidents.find((i) => i.kind === 'rejection-spike')!;
  // rejections-high catches the spike (within the workbook's 5 minutes' tolerance)
  const nearSpike = (f: FiringIntervalView) =>
    f.start >= spike.start - 5 * 60_000 && f.start < spike.end;
  expect(recording.rejected.filter(nearSpike).length).toBeGreaterThan(0);

  await app.openRecording(at('r.parquet'), at('r.labels.json'));
  await expect(app.root).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('series-source')).toContainText('Metric series, not records');
  await expect(page.getByTestId('source-summary').locator('.kind')).toHaveText('series');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/series-source.png` });
  const series = await shownAtEnd(app, true);
  expect(series.incidents).toEqual(recording.incidents);
  expect(series.ratio).toEqual(recording.ratio);
  expect(series.rejected).toEqual(recording.rejected);
  expect(series.legend).toEqual(recording.legend);
  expect(series.scores).toEqual(recording.scores);
  expect(series.labFiring).toEqual(recording.labFiring);
  expect(recording.scores.recall).toBeGreaterThan(0);
  expect(series.legend.length).toBeGreaterThan(1);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/series-end.png` });
});

test('a .csv that is not a series file is refused, naming it and the column it lacks', async ({
  page,
}) => {
  writeFileSync(at('notes.csv'), 'when,what\n1,lunch\n');
  const app = new AppPage(page);
  await app.openEmpty();
  await app.openRecording(at('notes.csv'));
  await expect(app.root).toHaveAttribute('data-status', 'error');
  await expect(page.getByTestId('error')).toContainText(
    'series file notes.csv: no "metric" column in its header',
  );
});
