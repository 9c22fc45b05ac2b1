import { expect, test } from '@playwright/test';
import { AppPage } from './pages/app-page.ts';

test('replayed to the end, the rejection-ratio alert fires inside the labelled rejection spikes only, and not at all above them', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.loadDemo();
  await app.playMaxToEnd();

  const range = await app.sourceRange();
  expect(await app.replayTime()).toBe(range.end);

  const spikes = (await app.incidents()).filter((i) => i.kind === 'rejection-spike');
  expect(spikes).toHaveLength(2);

  const chart = app.chart('rejection-ratio');
  const firing = await chart.firingIntervals();
  const inSpike = (f: { start: number; series: string }, spike: (typeof spikes)[number]) =>
    f.start >= spike.start && f.start < spike.end && f.series === spike.scope.region;
  for (const spike of spikes) expect(firing.some((f) => inSpike(f, spike))).toBe(true);
  // The series are regions; only each spike's own region fires, and only during it.
  expect(firing.filter((f) => !spikes.some((spike) => inSpike(f, spike)))).toEqual([]);

  await chart.setThreshold(0.95);
  expect(await chart.firingIntervals()).toEqual([]);
});
