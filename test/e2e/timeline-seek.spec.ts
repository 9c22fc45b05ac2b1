import { expect, test } from '@playwright/test';
import { AppPage } from './pages/app-page.ts';

test('clicking the timeline seeks to the clicked time, and dragging follows the pointer', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.loadDemo();
  const { start, end } = await app.sourceRange();
  const span = end - start;
  // One pixel of a ~1400 px strip is about a minute of a day; allow a few.
  const near = (t: number, fraction: number) =>
    Math.abs(t - (start + fraction * span)) <= span * 0.005;

  await app.clickTimelineAt(0.25);
  await expect.poll(async () => near(await app.replayTime(), 0.25)).toBe(true);
  await app.waitForFrame();
  // Once the charts show the clock's time, the counter no longer says it is computing.
  await expect(page.getByTestId('computing')).toHaveCount(0);

  await app.dragTimeline(0.3, 0.7);
  await expect.poll(async () => near(await app.replayTime(), 0.7)).toBe(true);
  await app.waitForFrame();
  expect(await app.status()).not.toBe('playing');
});

test('after a load the engine computes the whole source, then a seek near the end lands on it', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.loadDemo();
  const root = page.locator('.app');
  // Every metric over the whole day, the raw-SQL metrics' as-of histories included, in the
  // background; a minute is far more than the demo needs on this machine.
  await expect(root).toHaveAttribute('data-prepared', 'true', { timeout: 60_000 });
  const { start, end } = await app.sourceRange();
  await app.clickTimelineAt(0.95);
  await app.waitForFrame();
  const shown = Number(await root.getAttribute('data-frame-time'));
  expect(Math.abs(shown - (start + 0.95 * (end - start)))).toBeLessThanOrEqual(
    (end - start) * 0.005,
  );
  await expect(page.getByTestId('computing')).toHaveCount(0);
  expect(await app.status()).not.toBe('error');
});
