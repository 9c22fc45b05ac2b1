import { expect, test } from '@playwright/test';
import { AppPage } from './pages/app-page.ts';

test('replayed to the end, the rejection-ratio alert fires inside the labelled rejection spike only, and not at all above the spike', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.loadDemo();
  await app.playMaxToEnd();

  const range = await app.sourceRange();
  expect(await app.replayTime()).toBe(range.end);

  const spikes = (await app.incidents()).filter((i) => i.kind === 'rejection-spike');
  expect(spikes).toHaveLength(1);
  const spike = spikes[0]!;

  const chart = app.chart('rejection-ratio');
  const firing = await chart.firingIntervals();
  const inSpike = (t: number) => t >= spike.start && t < spike.end;
  expect(firing.some((f) => inSpike(f.start))).toBe(true);
  expect(firing.filter((f) => !inSpike(f.start))).toEqual([]);
  // The series are regions; only the spike's region fires.
  expect(new Set(firing.map((f) => f.series))).toEqual(new Set([spike.scope.region]));

  await chart.setThreshold(0.95);
  expect(await chart.firingIntervals()).toEqual([]);
});
