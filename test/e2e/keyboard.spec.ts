import { expect, test } from '@playwright/test';
import { AppPage } from './pages/app-page.ts';

test('Space toggles play and pause; → and ← step the replay time by one minute', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.loadDemo();

  await page.keyboard.press('Space');
  await expect(app.root).toHaveAttribute('data-status', 'playing');
  await page.keyboard.press('Space');
  await expect(app.root).toHaveAttribute('data-status', 'paused');

  const t = await app.replayTime();
  await page.keyboard.press('ArrowRight');
  await expect(app.root).toHaveAttribute('data-replay-time', String(t + 60_000));
  await page.keyboard.press('ArrowRight');
  await expect(app.root).toHaveAttribute('data-replay-time', String(t + 120_000));
  await page.keyboard.press('ArrowLeft');
  await expect(app.root).toHaveAttribute('data-replay-time', String(t + 60_000));
  await app.waitForFrame();
});

test('keys 1–5 choose the speeds 1×, 10×, 60×, 600× and max', async ({ page }) => {
  const app = new AppPage(page);
  await app.loadDemo();
  const speeds = ['1', '10', '60', '600', 'max'];
  for (const [i, speed] of speeds.entries()) {
    await page.keyboard.press(String(i + 1));
    await expect(app.root).toHaveAttribute('data-speed', speed);
  }
});

test('Space plays and pauses while a button has the focus, without pressing it', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.loadDemo();
  await expect(page.getByTestId('play-hint')).toContainText('Press Play');
  const bar = page.getByTestId('analysis-bar');
  // The Alert lab tab has the focus (as after tabbing to it); pressing it would open the lab.
  await bar.locator('button[data-view="lab"]').focus();
  await page.keyboard.press('Space');
  await expect(app.root).toHaveAttribute('data-status', 'playing');
  await expect(page.getByTestId('play-hint')).toHaveCount(0);
  await page.keyboard.press('Space');
  await expect(app.root).toHaveAttribute('data-status', 'paused');
  await expect(bar).toHaveAttribute('data-view', 'charts');
});
