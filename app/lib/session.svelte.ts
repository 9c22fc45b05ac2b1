import { untrack } from 'svelte';
import type { Frame, SourceSummary } from '../../engine/index.ts';
import { ReplayClock, type ClockStatus } from './clock.svelte.ts';
import type { EngineClient } from './engine-client.ts';
import { createFrameRequester, type FrameRequester } from './frame-requests.ts';
import type { LoadProgress } from './load-progress.ts';

/** What the app as a whole is doing, as tests read it from `data-status`. */
export type SessionStatus = 'loading' | 'error' | ClockStatus;

/**
 * One replay session: the loaded source, its clock and the latest frame. It owns the clock and
 * the frame requests and is fed by one engine client; `dispose()` stops both.
 */
export class ReplaySession {
  summary = $state.raw<SourceSummary | null>(null);
  clock = $state.raw<ReplayClock | null>(null);
  frame = $state.raw<Frame | null>(null);
  progress = $state.raw<LoadProgress | null>(null);
  error = $state<string | null>(null);

  #client: EngineClient;
  #frames: FrameRequester;
  #disposed = false;

  constructor(client: EngineClient) {
    this.#client = client;
    this.#frames = createFrameRequester(
      (time) => client.frame(time),
      (frame) => (this.frame = frame),
      (error) => this.fail(error),
    );
  }

  /** `loading` until the source is in, then the clock's status; `error` once anything failed. */
  get status(): SessionStatus {
    if (this.error !== null) return 'error';
    return this.clock?.status ?? 'loading';
  }

  /** Loads the built-in kitchen demo and puts the clock at its start. */
  async loadDemo(): Promise<void> {
    try {
      const summary = await this.#client.loadDemo((p) => {
        if (!this.#disposed) this.progress = { phase: p.phase, done: p.done, total: p.total };
      });
      if (this.#disposed) return;
      this.summary = summary;
      this.clock = new ReplayClock(
        { start: summary.start, end: summary.end },
        {
          timeAfter: (time, records) => this.#client.timeAfter(time, records),
          onTime: (time) => this.#frames.request(time),
          onError: (error) => this.fail(error),
        },
      );
      this.#frames.request(summary.start);
    } catch (error) {
      this.fail(error);
    }
  }

  /** Records an error for the UI; the clock stops. */
  fail(error: unknown): void {
    if (this.#disposed) return;
    untrack(() => this.clock)?.pause();
    this.error = error instanceof Error ? error.message : String(error);
  }

  dispose(): void {
    this.#disposed = true;
    this.clock?.dispose();
    this.#frames.dispose();
    this.#client.dispose();
  }
}
