/**
 * The browser part of `npm run bench`: the built app as users run it (`tapedeck serve`, Debian's
 * Chromium driven by Playwright with the e2e tests' launch flags), timed from inside the page.
 *
 * A probe installed before the app's scripts logs, with the page's own clock, every change of the
 * app root's data-status / data-records / data-replay-time / data-frame-time, the moment a
 * recording is chosen in the file input, and every pointer press (a seek on the timeline). A frame
 * is on screen when data-frame-time equals data-replay-time; it counts as drawn at the first
 * animation frame after that (the charts draw in the same update). The app does not report the
 * engine's own time per frame, so frame and seek figures are the app's, worker round trip and
 * drawing included. Memory is the Chromium process tree's, read from /proc while it runs.
 */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import playwrightConfig from '../playwright.config.ts';
import { TreeMemorySampler, type TreeMemory } from './process-memory.ts';
import { median, p95, type Row } from './report.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** One entry of the in-page log (times: `performance.now()` of the page, ms). */
interface Mark {
  kind: 'state' | 'drawn' | 'chosen' | 'press' | 'phase' | 'loaded';
  t: number;
  /** the loading screen's phase (kind 'phase') */
  phase?: string;
  status?: string;
  records?: string;
  replay?: string;
  frame?: string;
}

declare global {
  interface Window {
    __benchMarks?: Mark[];
  }
}

/**
 * Installed with `addInitScript`, so it runs in the page before the app. Plain JavaScript in a
 * string: a function would be serialized as tsx compiled it, with helpers the page lacks.
 */
const PROBE = `(() => {
  const marks = [];
  window.__benchMarks = marks;
  addEventListener('change', (e) => {
    if (e.target && e.target.dataset && e.target.dataset.testid === 'recording-input')
      marks.push({ kind: 'chosen', t: performance.now() });
  }, true);
  addEventListener('pointerdown', () => marks.push({ kind: 'press', t: performance.now() }), true);
  addEventListener('DOMContentLoaded', () => marks.push({ kind: 'loaded', t: performance.now() }));
  let shown;
  new MutationObserver((mutations) => {
    for (const m of mutations)
      if (m.attributeName === 'data-phase' && m.target.dataset.phase)
        marks.push({ kind: 'phase', t: performance.now(), phase: m.target.dataset.phase });
    const app = mutations.map((m) => m.target).find((el) => el.matches && el.matches('.app'));
    if (!app) return;
    const d = app.dataset;
    marks.push({ kind: 'state', t: performance.now(), status: d.status, records: d.records,
      replay: d.replayTime, frame: d.frameTime });
    if (d.frameTime !== undefined && d.frameTime === d.replayTime && d.frameTime !== shown) {
      shown = d.frameTime;
      const frame = d.frameTime;
      requestAnimationFrame(() => marks.push({ kind: 'drawn', t: performance.now(), frame }));
    } else if (d.frameTime !== d.replayTime) shown = undefined;
  }).observe(document, { subtree: true, attributes: true,
    attributeFilter: ['data-status', 'data-records', 'data-replay-time', 'data-frame-time',
      'data-phase'] });
})();`;

/** What the bench's browser part reports for one recording (all times ms). */
export interface BrowserFigures {
  records: number;
  fileBytes: number;
  /** file chosen → first charts drawn */
  loadMs: number;
  /** file chosen → the source's summary (read, parsed, inserted) */
  ingestMs: number;
  /** every browser process together, over the recording's whole run */
  peak: TreeMemory;
  /**
   * first charts → the whole source computed (`EngineApi.prepare` settled: every metric, the
   * raw-SQL metrics' as-of histories included); a seek meanwhile waits for what is not done yet
   */
  preparedMs: number;
  /** the first seek after the whole source was computed, near its end */
  firstSeekMs: number;
  seekMs: number[];
  /** intervals between frames drawn while playing, by speed */
  playing: { speed: string; intervalsMs: number[]; frames: number; seconds: number }[];
  /** the load failed: the app's error */
  error?: string;
}

export interface BrowserBenchOptions {
  /** the port `tapedeck serve` listens on (0: a free one) */
  port: number;
  /** the recordings to open one after the other, each with the prefix of its rows ('browser') */
  recordings: { path: string; label: string }[];
  /** how long to play at each speed, seconds */
  playSeconds?: number;
}

/** Chromium's processes under this Node process (the launcher script, browser, renderers, GPU, utility). */
const isChromium = (comm: string) => comm.startsWith('chrom');

/** The app open and idle before the file is chosen. */
const IDLE_BEFORE_CHOOSING_MS = 5_000;
const SEEK_FRACTIONS = [0.15, 0.85, 0.35, 0.65, 0.05, 0.95, 0.5, 0.25, 0.75, 0.45, 0.6, 0.3];
const PLAY_SPEEDS = ['60', 'max'] as const;

/** Runs the browser part: the demo's first chart, then each recording; returns the rows. */
export async function benchBrowser(options: BrowserBenchOptions): Promise<Row[]> {
  const port = options.port || (await freePort());
  const server = await startServe(port);
  const use = playwrightConfig.use ?? {};
  const browser = await chromium.launch(use.launchOptions);
  const sampler = new TreeMemorySampler(process.pid, isChromium);
  const rows: Row[] = [];
  try {
    const base = `http://127.0.0.1:${port}/`;
    const newPage = async (): Promise<{ context: BrowserContext; page: Page }> => {
      const context = await browser.newContext({
        baseURL: base,
        viewport: use.viewport ?? null,
        timezoneId: use.timezoneId,
        locale: use.locale,
      });
      await context.addInitScript(PROBE);
      return { context, page: await context.newPage() };
    };

    // The demo: page load → first chart (the page's clock starts at navigation).
    {
      sampler.start();
      const { context, page } = await newPage();
      await page.goto(base);
      const drawn = await waitForMark(page, 0, 'first drawn frame of the demo', 600_000);
      const peak = sampler.stop();
      rows.push({
        what: 'browser: demo, page load → first chart',
        figure: `${seconds(drawn.t)} s`,
        note: `default kitchen demo (how it loaded: the next row); peak ${gb(peak.rss)} GB RSS`,
        values: { ms: round(drawn.t), peakRssBytes: peak.rss, peakAnonBytes: peak.anon },
      });
      rows.push(demoBreakdown(await page.evaluate(() => window.__benchMarks!), drawn.t));
      await context.close();
    }

    for (const { path: file, label } of options.recordings) {
      const { context, page } = await newPage();
      try {
        const figures = await benchRecording(page, file, sampler, options.playSeconds ?? 8);
        rows.push(...recordingRows(figures, label));
      } finally {
        sampler.stop();
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await stopServe(server);
  }
  return rows;
}

/**
 * Where the demo's time goes, from the marks: the app on screen (DOMContentLoaded: its module
 * script, which mounts it, has run), the loading screen's phases as the engine reports them,
 * the summary, the first frame drawn. Generating starts as soon as the engine's worker runs,
 * while DuckDB-WASM still compiles elsewhere; loading records starts once both are done.
 */
export function demoBreakdown(marks: Mark[], drawnMs: number): Row {
  const at = (found: Mark | undefined) => (found ? found.t : null);
  // The default demo loads from the build's snapshot: no generate or ingest phase, and its
  // `index` phase is the snapshot's load.
  const snapshot = !marks.some((m) => m.phase === 'generate' || m.phase === 'ingest');
  const points: [string, number | null][] = [
    ['app', at(marks.find((m) => m.kind === 'loaded'))],
    ...(snapshot
      ? []
      : ([
          ['generate', at(marks.find((m) => m.phase === 'generate'))],
          ['ingest', at(marks.find((m) => m.phase === 'ingest'))],
        ] as [string, number | null][])),
    ['index', at(marks.find((m) => m.phase === 'index'))],
    ['summary', at(marks.find((m) => m.kind === 'state' && m.records !== undefined))],
    ['drawn', drawnMs],
  ];
  const values: Record<string, number> = {};
  for (const [name, t] of points) if (t !== null) values[`${name}Ms`] = round(t);
  const words: Record<string, string> = {
    app: 'page → app',
    generate: 'worker started',
    ingest: 'generated and DuckDB ready',
    index: snapshot ? 'snapshot fetched and DuckDB ready' : 'ingest',
    summary: snapshot ? 'snapshot loaded' : 'index',
    drawn: 'first frame drawn',
  };
  // A step whose end the page never showed is counted in the next one, named with it.
  const parts: string[] = [];
  let last = 0;
  let skipped: string[] = [];
  for (const [name, t] of points) {
    if (t === null) {
      skipped.push(words[name]!);
      continue;
    }
    parts.push(`${[...skipped, words[name]].join(' + ')} ${seconds(t - last)}`);
    skipped = [];
    last = t;
  }
  return {
    what: 'browser: demo, where the time goes (s)',
    figure: parts.join(' · '),
    note: "each step from the end of the one before, in the page; DuckDB-WASM compiles in a worker of its own while the demo's snapshot is fetched",
    values,
  };
}

/** Opens `file` with the app's file input, then seeks and plays; the memory peak covers it all. */
async function benchRecording(
  page: Page,
  file: string,
  sampler: TreeMemorySampler,
  playSeconds: number,
): Promise<BrowserFigures> {
  const fileBytes = statSync(file).size;
  await page.goto('/#source=none', { waitUntil: 'networkidle' });
  await page.waitForFunction(
    () => document.querySelector('.app')?.getAttribute('data-status') === 'idle',
  );
  // The engine's worker starts DuckDB at page load, before anyone can choose a file: give it the
  // time a person takes to find the file (the app shows nothing of it to wait on).
  await page.waitForTimeout(IDLE_BEFORE_CHOOSING_MS);
  sampler.start();
  const from = await markCount(page);
  // A local file: Playwright hands the browser its path, the app streams it from disk.
  await page.getByTestId('recording-input').setInputFiles(file);
  const loadTimeout = Math.max(600_000, (fileBytes / 1e6) * 2_000);
  // Until the first charts are drawn or the app fails (a failure may come after the summary or
  // even the first frame: the whole-source computation runs after it).
  const settled = await page.waitForFunction(
    (start) => {
      const marks = window.__benchMarks!.slice(start);
      const chosen = marks.find((m) => m.kind === 'chosen');
      const summary = marks.find((m) => m.kind === 'state' && m.records !== undefined);
      const drawn = marks.find((m) => m.kind === 'drawn');
      const failed = marks.find((m) => m.status === 'error');
      if (!failed && !(chosen && summary && drawn)) return null;
      return {
        chosen: chosen?.t ?? NaN,
        summary: summary?.t ?? NaN,
        drawn: drawn?.t ?? NaN,
        records: Number(summary?.records ?? 0),
        ...(failed
          ? {
              failedAt: failed.t,
              error: document.querySelector('[data-testid="error"]')?.textContent ?? 'error',
            }
          : {}),
      };
    },
    from,
    { timeout: loadTimeout, polling: 250 },
  );
  const load = (await settled.jsonValue()) as {
    chosen: number;
    summary: number;
    drawn: number;
    records: number;
    failedAt?: number;
    error?: string;
  };
  const figures: BrowserFigures = {
    records: load.records,
    fileBytes,
    loadMs: load.drawn - load.chosen,
    ingestMs: load.summary - load.chosen,
    peak: sampler.peak,
    preparedMs: NaN,
    firstSeekMs: NaN,
    seekMs: [],
    playing: [],
  };
  if (load.error !== undefined) {
    // One line: the app's message may span several (DuckDB's advice on memory).
    const message = load.error.replace(/\s+/g, ' ').trim();
    figures.error = `${seconds(load.failedAt! - load.chosen)} s after the file was chosen: ${message}`;
    figures.peak = sampler.stop();
    return figures;
  }

  // A failure past the load keeps what was measured (and says where it stopped).
  try {
    // After a load the engine computes every metric over the whole source: minutes at 10M.
    const prepared = await page.waitForFunction(
      () =>
        document.querySelector('.app')?.getAttribute('data-prepared') === 'true'
          ? performance.now()
          : null,
      null,
      { timeout: loadTimeout, polling: 100 },
    );
    figures.preparedMs = ((await prepared.jsonValue()) as number) - load.drawn;
    figures.firstSeekMs = await seek(page, 0.9, loadTimeout);
    for (const fraction of SEEK_FRACTIONS) figures.seekMs.push(await seek(page, fraction));

    for (const speed of PLAY_SPEEDS) {
      await seek(page, 0.02);
      await page.locator(`.speeds button[data-speed="${speed}"]`).click();
      const start = await markCount(page);
      await page.getByTestId('play').click();
      const t0 = Date.now();
      await page
        .waitForFunction(
          () => document.querySelector('.app')?.getAttribute('data-status') === 'ended',
          null,
          {
            timeout: playSeconds * 1000,
            polling: 250,
          },
        )
        .catch(() => undefined);
      const played = (Date.now() - t0) / 1000;
      if ((await page.locator('.app').getAttribute('data-status')) === 'playing') {
        await page.getByTestId('play').click();
      }
      const drawn = await page.evaluate(
        (s) =>
          window.__benchMarks!.slice(s).filter((m) => m.kind === 'drawn' || m.kind === 'state'),
        start,
      );
      // Every frame the charts got: each new data-frame-time while playing.
      const times: number[] = [];
      let last: string | undefined;
      for (const m of drawn) {
        if (m.kind !== 'state' || m.frame === undefined || m.frame === last) continue;
        last = m.frame;
        times.push(m.t);
      }
      const intervalsMs = times.slice(1).map((t, i) => t - times[i]!);
      figures.playing.push({ speed, intervalsMs, frames: times.length, seconds: played });
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    figures.error = `after the load: ${message.replace(/\s+/g, ' ')}`;
  }
  figures.peak = sampler.stop();
  return figures;
}

/** Clicks the timeline `fraction` of the way across and returns press → frame drawn, ms. */
async function seek(page: Page, fraction: number, timeout = 600_000): Promise<number> {
  const strip = page.getByTestId('timeline').locator('svg');
  const box = await strip.boundingBox();
  if (!box) throw new Error('bench: the timeline is not visible');
  const from = await markCount(page);
  await strip.click({ position: { x: box.width * fraction, y: 12 } });
  const press = await page.evaluate(
    (s) => window.__benchMarks!.slice(s).find((m) => m.kind === 'press')?.t,
    from,
  );
  if (press === undefined) throw new Error('bench: the click on the timeline was not seen');
  const drawn = await waitForMark(page, from, `the frame after a seek to ${fraction}`, timeout);
  return drawn.t - press;
}

/** Waits for the first frame drawn at or after log entry `from`. */
async function waitForMark(page: Page, from: number, what: string, timeout: number): Promise<Mark> {
  const handle = await page
    .waitForFunction(
      (start) => {
        const marks = window.__benchMarks!.slice(start);
        return (
          marks.find((m) => m.kind === 'drawn') ??
          (marks.some((m) => m.status === 'error') ? 'error' : null)
        );
      },
      from,
      { timeout, polling: 100 },
    )
    .catch((error: unknown) => {
      throw new Error(`bench: waiting for ${what}: ${String(error)}`);
    });
  const mark = (await handle.jsonValue()) as Mark | 'error';
  if (mark === 'error') {
    const text = await page.getByTestId('error').textContent();
    throw new Error(`bench: the app failed while waiting for ${what}: ${text ?? ''}`);
  }
  return mark;
}

async function markCount(page: Page): Promise<number> {
  return page.evaluate(() => window.__benchMarks!.length);
}

/** The rows of one recording's figures. */
export function recordingRows(f: BrowserFigures, label: string): Row[] {
  const size = `${(f.fileBytes / 1e6).toFixed(0)} MB`;
  const memory: Row = {
    what: `${label}: peak memory, all browser processes`,
    figure: `${gb(f.peak.rss)} GB RSS`,
    note: `sum of RSS of the Chromium process tree (${f.peak.processes} processes), sampled every 200 ms from file chosen to last frame; anonymous RSS ${gb(f.peak.anon)} GB`,
    values: { rssBytes: f.peak.rss, anonBytes: f.peak.anon },
  };
  if (f.error !== undefined && f.records === 0) {
    return [
      {
        what: `${label}: load, file chosen → first charts`,
        figure: 'failed',
        note: `${size} NDJSON: ${f.error}`,
        values: {},
      },
      memory,
    ];
  }
  const records = `${f.records.toLocaleString('en-US')} records`;
  const rows: Row[] = [
    {
      what: `${label}: load, file chosen → first charts`,
      figure: `${seconds(f.loadMs)} s`,
      note: `${records}, ${size} NDJSON, through the app's file input`,
      values: { ms: round(f.loadMs), records: f.records, fileBytes: f.fileBytes },
    },
    {
      what: `${label}: ingest (file chosen → source summary)`,
      figure: `${rate(f.records, f.ingestMs)} records/s`,
      note: 'read, parsed and inserted by the engine worker; target ≥ 300k records/s',
      values: { recordsPerS: Math.round((f.records / f.ingestMs) * 1000), ms: round(f.ingestMs) },
    },
    memory,
    {
      what: `${label}: whole source computed after the first charts`,
      figure: `${seconds(f.preparedMs)} s`,
      note: 'every metric, as-of histories included, in the background; a seek meanwhile waits for the rest',
      values: { ms: round(f.preparedMs) },
    },
    {
      what: `${label}: first seek after that, at 90%`,
      figure: `${f.firstSeekMs.toFixed(0)} ms`,
      note: 'click on the timeline → frame drawn',
      values: { ms: round(f.firstSeekMs) },
    },
    {
      what: `${label}: seek (${f.seekMs.length} clicks on the timeline)`,
      figure: `${median(f.seekMs).toFixed(0)} ms median, ${p95(f.seekMs).toFixed(0)} ms p95`,
      note: 'click → frame drawn (data-frame-time), worker round trip and charts included',
      values: { medianMs: round(median(f.seekMs)), p95Ms: round(p95(f.seekMs)) },
    },
  ];
  for (const p of f.playing) {
    const fps = p.intervalsMs.length > 0 ? 1000 / median(p.intervalsMs) : 0;
    rows.push({
      what: `${label}: frame while playing at ${p.speed === 'max' ? 'max speed' : `${p.speed}×`}`,
      figure:
        p.intervalsMs.length > 0
          ? `${median(p.intervalsMs).toFixed(0)} ms median, ${p95(p.intervalsMs).toFixed(0)} ms p95`
          : 'no frames',
      note: `${p.frames} frame${p.frames === 1 ? '' : 's'} in ${p.seconds.toFixed(1)} s (${fps.toFixed(1)} fps at the median); target ≥ 30 fps`,
      values:
        p.intervalsMs.length > 0
          ? {
              medianMs: round(median(p.intervalsMs)),
              p95Ms: round(p95(p.intervalsMs)),
              frames: p.frames,
            }
          : { frames: p.frames },
    });
  }
  // Figures not reached before a failure are left out; the failure is a row of its own.
  const measured = rows.filter((r) => !Object.values(r.values ?? {}).some(Number.isNaN));
  if (f.error !== undefined)
    measured.push({ what: `${label}: failed`, figure: 'failed', note: f.error });
  return measured;
}

/** Starts `tapedeck serve` (it builds the app first when the build is stale). */
async function startServe(port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/tapedeck.js'), 'serve', '--port', String(port)],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Tapedeck: http/.test(output)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) =>
      reject(new Error(`bench: tapedeck serve exited (${code}): ${output.trim()}`)),
    );
  });
  return child;
}

async function stopServe(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
function gb(bytes: number): string {
  return (bytes / 1e9).toFixed(2);
}
function round(x: number): number {
  return Math.round(x * 10) / 10;
}
function rate(count: number, ms: number): string {
  return Math.round((count / ms) * 1000).toLocaleString('en-US');
}
