import { expect, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ChartPanel } from './chart-panel.ts';
import { SourcePanel } from './source-panel.ts';

/** An incident as the timeline exposes it in `data-incidents`. */
export interface IncidentView {
  id: string;
  kind: string;
  start: number;
  end: number;
  scope: Record<string, string>;
  description: string;
}

/** Speeds as the transport bar names them (`data-speed`). */
export type SpeedName = '1' | '10' | '60' | '600' | 'max';

/** Generating and loading the 24-hour demo can take a while on a busy 2-core machine. */
const LOAD_TIMEOUT_MS = 180_000;
/** A full replay at max speed, frames included. */
const REPLAY_TIMEOUT_MS = 180_000;
/** Reading and ingesting a recording of some 50k records on a busy machine. */
const OPEN_TIMEOUT_MS = 120_000;
/** Statuses of a source that has finished loading (or failed to). */
const SETTLED = ['ready', 'empty', 'error', 'live', 'paused', 'playing', 'ended'];

/**
 * The Tapedeck app, driven by intent. Every wait is on the state the app exposes as data-*
 * attributes on its root (`data-status`, `data-source-kind`, `data-source-name`, `data-records`,
 * `data-live-state`, `data-replay-time`, `data-frame-time`, `data-delivered`, `data-speed`),
 * never on sleeps.
 */
export class AppPage {
  readonly root: Locator;
  readonly timeline: Locator;
  readonly source: SourcePanel;
  /** the banner of a failed load */
  readonly error: Locator;
  /** the banner of a choice that could not be opened (the loaded source stays) */
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.root = page.locator('.app');
    this.timeline = page.getByTestId('timeline');
    this.source = new SourcePanel(page);
    this.error = page.getByTestId('error');
    this.notice = page.getByTestId('notice');
  }

  /** Opens the app on its start screen, without generating the demo (`#source=none`). */
  async openEmpty(): Promise<void> {
    await this.page.goto('/#source=none');
    await expect(this.root).toHaveAttribute('data-status', 'idle');
  }

  /** Opens a recording (and its labels file) with the header's file picker and waits for it. */
  async openRecording(...paths: string[]): Promise<void> {
    await this.page.getByTestId('recording-input').setInputFiles(paths);
    await this.waitForSource('recording', basename(paths[0]!));
  }

  /** Drops files onto the window, as a person dragging them from a file manager would. */
  async dropFiles(...paths: string[]): Promise<void> {
    const files = paths.map((p) => ({
      name: basename(p),
      base64: readFileSync(p).toString('base64'),
    }));
    const dataTransfer = await this.page.evaluateHandle((list) => {
      const dt = new DataTransfer();
      for (const f of list) {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], f.name));
      }
      return dt;
    }, files);
    await this.page.dispatchEvent('body', 'dragenter', { dataTransfer });
    await this.page.dispatchEvent('body', 'dragover', { dataTransfer });
    await expect(this.page.getByTestId('drop-overlay')).toBeVisible();
    await this.page.dispatchEvent('body', 'drop', { dataTransfer });
    await expect(this.page.getByTestId('drop-overlay')).toHaveCount(0);
  }

  /** Drops a recording (and its labels file) onto the window and waits until it is open. */
  async dropRecording(...paths: string[]): Promise<void> {
    await this.dropFiles(...paths);
    await this.waitForSource('recording', basename(paths[0]!));
  }

  /** Opens `url` (the one `tapedeck serve --brokers` prints) and waits for the live stream. */
  async openLive(url: string): Promise<void> {
    await this.page.goto(url);
    await this.waitForSource('live');
    await expect(this.root).toHaveAttribute('data-live-state', 'live', {
      timeout: OPEN_TIMEOUT_MS,
    });
  }

  /** Waits until a source of `kind` (named `name`) has loaded, or failed to. */
  async waitForSource(kind: string, name?: string): Promise<void> {
    await expect(this.root).toHaveAttribute('data-source-kind', kind);
    if (name !== undefined) await expect(this.root).toHaveAttribute('data-source-name', name);
    await expect
      .poll(async () => SETTLED.includes((await this.status()) ?? ''), {
        timeout: OPEN_TIMEOUT_MS,
      })
      .toBe(true);
  }

  /** Records in the loaded source (for a live source: received so far). */
  async records(): Promise<number> {
    return Number(await this.root.getAttribute('data-records'));
  }

  /** Opens the app and waits until the built-in kitchen demo is loaded and its first frame shown. */
  async loadDemo(): Promise<void> {
    await this.page.goto('/');
    await expect(this.root).toHaveAttribute('data-status', 'ready', { timeout: LOAD_TIMEOUT_MS });
    await this.waitForFrame();
  }

  async status(): Promise<string | null> {
    return this.root.getAttribute('data-status');
  }

  /** Replay time, ms since epoch. */
  async replayTime(): Promise<number> {
    return Number(await this.root.getAttribute('data-replay-time'));
  }

  /** Records delivered as of the frame shown. */
  async delivered(): Promise<number> {
    return Number(await this.root.getAttribute('data-delivered'));
  }

  /** Waits until the charts show the frame for the current replay time. */
  async waitForFrame(timeout = 60_000): Promise<void> {
    await expect
      .poll(
        () =>
          this.root.evaluate(
            (el: HTMLElement) =>
              el.dataset.frameTime !== undefined && el.dataset.frameTime === el.dataset.replayTime,
          ),
        { timeout },
      )
      .toBe(true);
  }

  async setSpeed(speed: SpeedName): Promise<void> {
    await this.page.locator(`.speeds button[data-speed="${speed}"]`).click();
    await expect(this.root).toHaveAttribute('data-speed', speed);
  }

  async play(): Promise<void> {
    await this.page.getByTestId('play').click();
    await expect(this.root).toHaveAttribute('data-status', 'playing');
  }

  /** Live: returns from a frozen display to following the stream. */
  async goLive(): Promise<void> {
    await this.page.getByTestId('play').click();
    await expect(this.root).toHaveAttribute('data-status', 'live');
  }

  async pause(): Promise<void> {
    await this.page.getByTestId('play').click();
    await expect(this.root).toHaveAttribute('data-status', 'paused');
  }

  /** Plays as fast as possible to the end of the source and waits for the last frame. */
  async playMaxToEnd(): Promise<void> {
    await this.setSpeed('max');
    await this.play();
    await expect(this.root).toHaveAttribute('data-status', 'ended', {
      timeout: REPLAY_TIMEOUT_MS,
    });
    await this.waitForFrame();
  }

  /** Plays a short source at max speed to its end (it may end before "playing" shows). */
  async playShortToEnd(): Promise<void> {
    await this.setSpeed('max');
    await this.page.getByTestId('play').click();
    await expect(this.root).toHaveAttribute('data-status', 'ended', {
      timeout: REPLAY_TIMEOUT_MS,
    });
    await this.waitForFrame();
  }

  /** The labelled incidents of the loaded source. */
  async incidents(): Promise<IncidentView[]> {
    const json = await this.timeline.getAttribute('data-incidents');
    if (json === null) throw new Error('timeline has no data-incidents attribute');
    return JSON.parse(json) as IncidentView[];
  }

  /** The replay window: first and last record time. */
  async sourceRange(): Promise<{ start: number; end: number }> {
    return {
      start: Number(await this.timeline.getAttribute('data-start')),
      end: Number(await this.timeline.getAttribute('data-end')),
    };
  }

  /** Clicks the timeline `fraction` (0–1) of the way across. */
  async clickTimelineAt(fraction: number): Promise<void> {
    const strip = this.timeline.locator('svg');
    const box = await strip.boundingBox();
    if (!box) throw new Error('timeline is not visible');
    await strip.click({ position: { x: box.width * fraction, y: 12 } });
  }

  /** Drags along the timeline from `from` to `to` (fractions 0–1 of its width). */
  async dragTimeline(from: number, to: number): Promise<void> {
    const box = await this.timeline.locator('svg').boundingBox();
    if (!box) throw new Error('timeline is not visible');
    const y = box.y + 12;
    await this.page.mouse.move(box.x + box.width * from, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * ((from + to) / 2), y, { steps: 4 });
    await this.page.mouse.move(box.x + box.width * to, y, { steps: 4 });
    await this.page.mouse.up();
  }

  /** The panel of metric `id` (e.g. `rejection-ratio`). */
  chart(id: string): ChartPanel {
    return new ChartPanel(this.page.locator(`[data-metric-id="${id}"]`));
  }
}
