import { expect, test } from '@playwright/test';
import { AppPage } from './pages/app-page.ts';

test('the demo loads and plays with every request going to 127.0.0.1', async ({
  page,
  context,
}) => {
  const urls = new Set<string>();
  // The context hears the page's requests and its workers' (the engine, DuckDB-WASM's files).
  context.on('request', (request) => urls.add(request.url()));
  page.on('request', (request) => urls.add(request.url()));
  // The default demo comes from the build's snapshot, fetched by the engine's worker.
  const snapshot = context.waitForEvent('response', (r) => r.url().endsWith('/demo.snapshot'));

  const app = new AppPage(page);
  await app.loadDemo();
  const before = await app.replayTime();
  await app.setSpeed('600');
  await app.play();
  await expect.poll(() => app.replayTime()).toBeGreaterThan(before + 60_000);
  await app.pause();
  await app.waitForFrame();
  expect(await app.delivered()).toBeGreaterThan(0);

  // The engine worker fetches DuckDB's wasm itself: seeing it proves worker requests are heard.
  expect([...urls].some((url) => url.endsWith('.wasm'))).toBe(true);
  expect((await snapshot).status()).toBe(200);
  const elsewhere = [...urls].filter((url) => {
    const u = new URL(url);
    if (u.protocol === 'data:' || u.protocol === 'blob:') return false;
    return u.hostname !== '127.0.0.1';
  });
  expect(elsewhere).toEqual([]);
});
