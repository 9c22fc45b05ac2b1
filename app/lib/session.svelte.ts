import { untrack } from 'svelte';
import type { Frame, ProgressFn, SourceSummary, WorkbookSummary } from '../../engine/index.ts';
import { ReplayClock } from './clock.svelte.ts';
import type { EngineClient } from './engine-client.ts';
import { createFrameRequester, type FrameRequester } from './frame-requests.ts';
import { deltaFrames } from './frame-deltas.ts';
import type { LoadProgress } from './load-progress.ts';
import type { TimeRange } from './replay-time.ts';
import type { SessionStatus, SourceKind, SourceSession } from './source-session.ts';

/** Loads a source into the engine, reporting progress. */
export type SourceLoader = (onProgress: ProgressFn) => Promise<SourceSummary>;

/**
 * One replayed source, a scenario or a recording: its summary, its clock and the latest frame.
 * It owns the clock and the frame requests; the engine client is shared and outlives it.
 */
export class ReplaySession implements SourceSession {
  summary = $state.raw<SourceSummary | null>(null);
  clock = $state.raw<ReplayClock | null>(null);
  frame = $state.raw<Frame | null>(null);
  progress = $state.raw<LoadProgress | null>(null);
  error = $state<string | null>(null);
  /** whether the engine has computed the whole source, as-of histories included (`#prepare`) */
  prepared = $state(false);
  #prepares = 0;
  readonly live = null;

  #client: EngineClient;
  #frames: FrameRequester;
  #disposed = false;
  /** whether the source's first frame came (and `prepare` was asked for) */
  #firstFrame = false;

  constructor(
    client: EngineClient,
    readonly kind: Exclude<SourceKind, 'live'>,
    readonly name: string,
  ) {
    this.#client = client;
    this.#frames = createFrameRequester(
      deltaFrames(client),
      (frame) => {
        this.frame = frame;
        if (this.#firstFrame) return;
        this.#firstFrame = true;
        this.#prepare();
      },
      (error) => this.fail(error),
    );
  }

  get status(): SessionStatus {
    if (this.error !== null) return 'error';
    if (this.summary?.records === 0) return 'empty';
    return this.clock?.status ?? 'loading';
  }

  get range(): TimeRange | null {
    return this.summary ? { start: this.summary.start, end: this.summary.end } : null;
  }

  /** Shows `progress` while it runs `load`, then puts the clock at the source's start. */
  async load(load: SourceLoader): Promise<void> {
    try {
      const summary = await load((p) => {
        if (!this.#disposed) this.progress = { phase: p.phase, done: p.done, total: p.total };
      });
      if (this.#disposed) return;
      this.summary = summary;
      if (summary.records === 0) return;
      this.clock = new ReplayClock(
        { start: summary.start, end: summary.end },
        {
          timeAfter: (time, records) => this.#client.timeAfter(time, records),
          onTime: (time) => this.#frames.request(time),
          onError: (error) => this.fail(error),
        },
      );
      // `prepare` follows the first frame: that frame reads only the records at the start,
      // which a snapshot's first rows hold (`Engine.loadSnapshot`).
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

  applyWorkbook(result: WorkbookSummary): void {
    const summary = untrack(() => this.summary);
    if (this.#disposed || !summary) return;
    this.summary = { ...summary, metrics: result.metrics, incidents: result.incidents };
    const clock = untrack(() => this.clock);
    if (clock) this.#frames.request(clock.time);
    this.#prepare();
  }

  /**
   * After the frame just asked for, the engine computes every metric over the whole source
   * (`EngineApi.prepare`): from then on a frame anywhere is a slice of it. `prepared` says when
   * the last one asked for has settled.
   */
  #prepare(): void {
    const asked = ++this.#prepares;
    this.prepared = false;
    this.#client.prepare().then(
      () => {
        if (asked === this.#prepares && !this.#disposed) this.prepared = true;
      },
      (error: unknown) => this.fail(error),
    );
  }

  dispose(): void {
    this.#disposed = true;
    this.clock?.dispose();
    this.#frames.dispose();
  }
}
