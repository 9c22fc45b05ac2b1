import { expect, test } from '@playwright/test';
import { AppPage } from './pages/app-page.ts';
import { ExplainPanel } from './pages/explain-panel.ts';

test('system events known at the replay time are marked on the charts and the timeline, with details on hover and a filter by type', async ({
  page,
}) => {
  const app = new AppPage(page);
  const ex = new ExplainPanel(page);
  await app.loadDemo();
  // at the source's start no infra event has been delivered yet
  expect(await ex.timelineEventTypes()).toEqual([]);

  await app.clickTimelineAt(0.86);
  await app.waitForFrame();
  const time = await app.replayTime();
  const onTimeline = await ex.timelineEventTypes();
  expect(onTimeline.length).toBeGreaterThan(5);
  expect(await ex.chartEventTypes('rejection-ratio')).toEqual(onTimeline);
  const times = await page
    .getByTestId('event-mark')
    .evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.eventTime)));
  expect(times.every((t) => t <= time)).toBe(true);

  const tip = await ex.hoverEvent('rejection-ratio', 'DEPLOY');
  expect(tip).toMatch(/time\s+2026-01-05 \d\d:\d\d:\d\d UTC/);
  expect(tip).toMatch(/type\s+DEPLOY/);
  expect(tip).toMatch(/scope\s+\S+/);
  expect(tip).toMatch(/detail\s+\S+/);
  await page.screenshot({ path: 'test-results/explain-events.png' });

  await ex.setEventTypeShown('DEPLOY', false);
  expect(await ex.timelineEventTypes()).not.toContain('DEPLOY');
  expect(await ex.chartEventTypes('rejection-ratio')).not.toContain('DEPLOY');
  expect((await ex.timelineEventTypes()).length).toBe(
    onTimeline.filter((t) => t !== 'DEPLOY').length,
  );
  await ex.setEventTypeShown('DEPLOY', true);
  expect(await ex.timelineEventTypes()).toEqual(onTimeline);

  // The SLI view's burn-rate charts mark them too: every event on each chart.
  await page.getByRole('tab', { name: 'SLIs' }).click();
  await expect
    .poll(async () => {
      const marks = await page.getByTestId('event-mark').count();
      return marks > 0 && marks % onTimeline.length === 0;
    })
    .toBe(true);
});

test('a labelled rejection spike is explained by its deploy, its aggregator and region, and the accept stage; a brushed window of a ratio splits into mix and rate; the report exports as Markdown', async ({
  page,
}) => {
  const app = new AppPage(page);
  const ex = new ExplainPanel(page);
  await app.loadDemo();
  await app.clickTimelineAt(0.86);
  await app.waitForFrame();
  const time = await app.replayTime();
  const spike = (await app.incidents()).find((i) => i.kind === 'rejection-spike' && i.end <= time);
  if (!spike) throw new Error('the demo has no rejection spike before the replay time');

  await ex.explainIncident(spike.id);
  expect(await ex.metric()).toBe('rejected-5m');
  // Beside the panel the transport bar keeps every speed whole: none is cut off.
  const speeds = page.getByRole('radiogroup', { name: 'Replay speed' });
  const group = (await speeds.boundingBox())!;
  for (const speed of await speeds.getByRole('radio').all()) {
    const box = (await speed.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(group.x + group.width + 0.5);
    expect(box.width).toBeGreaterThanOrEqual(40);
  }
  const events = await ex.rows('event');
  expect(events[0]!.dimension).toBe('DEPLOY');
  expect(events[0]!.text.toLowerCase()).toContain(
    `${spike.scope.aggregator!.toLowerCase()}-adapter`,
  );
  const dims = (await ex.rows('dimension')).slice(0, 4);
  expect(dims).toContainEqual(
    expect.objectContaining({ dimension: 'aggregator', value: spike.scope.aggregator }),
  );
  expect(dims).toContainEqual(
    expect.objectContaining({ dimension: 'region', value: spike.scope.region }),
  );
  expect(await ex.stage()).toBe('placed → accepted');
  expect(await ex.formulaOf('contribution')).toContain('contribution(v) = (W_v − B_v / k) / Δ');
  expect(await ex.formulaOf('G-test p')).toContain('P(χ²(1) ≥ G)');
  await page.screenshot({ path: 'test-results/explain-incident.png' });

  const md = await ex.markdown();
  expect(md).toContain('# What changed: rejected-5m');
  expect(md).toContain(`| aggregator | ${spike.scope.aggregator} |`);
  expect(md).toContain('## Formulas');
  // the ranking rule, nested slices included, is in the report's formulas
  expect(md).toContain('unless its change concentrates in the narrower one');

  // Brush the ratio's chart over the spike: the panel now explains the ratio.
  const range = await app.sourceRange();
  const span = range.end - range.start;
  await ex.brush(
    'rejection-ratio',
    (spike.start - range.start) / span,
    (spike.end - range.start) / span,
  );
  expect(await ex.metric()).toBe('rejection-ratio');
  const mix = await ex.rows('mix');
  expect(mix.map((m) => m.dimension)).toContain('region');
  await page.screenshot({ path: 'test-results/explain-brush.png' });

  // why? on a firing interval of the ratio: its window starts `for` and one step before it fired.
  await ex.explainFirstFiring('rejection-ratio');
  expect(await ex.metric()).toBe('rejection-ratio');
  expect(await ex.heading()).toMatch(/^rejection-ratio · firing of \S+/);
});
