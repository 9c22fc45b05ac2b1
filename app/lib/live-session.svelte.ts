import { untrack } from 'svelte';
import {
  connectLive,
  type ConnectLiveOptions,
  type HelloMessage,
  type LiveClientState,
  type LiveConnection,
  type StatusMessage,
  type WireError,
} from '../../formats/index.ts';
import type { Frame, LiveStatus, SourceSummary, WorkbookSummary } from '../../engine/index.ts';
import type { EngineClient } from './engine-client.ts';
import { createFrameRequester, type FrameRequester } from './frame-requests.ts';
import { deltaFrames } from './frame-deltas.ts';
import { LiveClock } from './live-clock.svelte.ts';
import { bridgeBacklog, isCaughtUp, liveConnectionView } from './live-connection.ts';
import { addGap, gapFromMessage, type LiveGap } from './live-gaps.ts';
import { futureLead, liveTopicNames } from './live-future.ts';
import { MinuteCounts, minuteCountsSql } from './live-histogram.ts';
import type { TimeRange } from './replay-time.ts';
import {
  partitionKey,
  type LiveInfo,
  type SessionStatus,
  type SourceSession,
} from './source-session.ts';

/** Where the bridge's live endpoint is and the run's token (see `liveSessionFromLocation`). */
export interface LiveTarget {
  url: string;
  token: string;
}

/** The timeline's histogram is recounted at most this often (ms). */
const HISTOGRAM_REFRESH_MS = 1_000;

/**
 * A live stream from the bridge: appends each batch to the engine's live source, follows the
 * stream with a {@link LiveClock}, and keeps the connection's state for the source panel.
 */
export class LiveSession implements SourceSession {
  readonly kind = 'live' as const;
  readonly progress = null;
  readonly prepared = false;
  summary = $state.raw<SourceSummary | null>(null);
  clock = $state.raw<LiveClock | null>(null);
  frame = $state.raw<Frame | null>(null);
  error = $state<string | null>(null);

  #clientState = $state<LiveClientState>('connecting');
  #status = $state.raw<StatusMessage | null>(null);
  #hello = $state.raw<HelloMessage | null>(null);
  #clientError = $state.raw<WireError | null>(null);
  #batches = $state(0);
  #gaps = $state.raw<LiveGap[]>([]);
  #future = $state<number | null>(null);

  #client: EngineClient;
  #target: LiveTarget;
  #connect: typeof connectLive;
  #frames: FrameRequester;
  #connection: LiveConnection | null = null;
  #minutes = new MinuteCounts();
  #counted = 0;
  #lastCount = 0;
  #counting = false;
  #countTimer: ReturnType<typeof setTimeout> | null = null;
  #latest: LiveStatus | null = null;
  /** record lines received since the bridge's hello (its `sent` counts per connection) */
  #receivedThisConnection = 0;
  #disposed = false;

  constructor(
    client: EngineClient,
    readonly name: string,
    target: LiveTarget,
    connect: typeof connectLive = connectLive,
  ) {
    this.#client = client;
    this.#target = target;
    this.#connect = connect;
    this.#frames = createFrameRequester(
      deltaFrames(client),
      (frame) => (this.frame = frame),
      (error) => this.fail(error),
    );
  }

  get status(): SessionStatus {
    if (this.error !== null) return 'error';
    return this.clock?.status ?? 'loading';
  }

  get range(): TimeRange | null {
    return this.clock?.range ?? null;
  }

  get live(): LiveInfo {
    const highs = new Map<string, string | null>();
    for (const p of this.#status?.partitions ?? []) {
      highs.set(partitionKey(p.topic, p.partition), p.high);
    }
    return {
      connection: liveConnectionView(this.#clientState, this.#status, this.#clientError),
      topics: liveTopicNames(this.#hello?.topics ?? [], this.#status?.partitions ?? []),
      from: this.#hello?.from ?? null,
      batches: this.#batches,
      backlog: bridgeBacklog(this.#status),
      highs,
      gaps: this.#gaps,
      future: this.#future,
    };
  }

  /** Starts an empty live source in the engine, then connects to the bridge. */
  async start(): Promise<void> {
    try {
      const summary = await this.#client.startLive(this.name);
      if (this.#disposed) return;
      this.summary = summary;
      this.clock = new LiveClock({ onTime: (time) => this.#frames.request(time) });
      const options: ConnectLiveOptions = {
        onBatch: (body, info) => this.#append(body, info.records, info.batches),
        onHello: (hello) => {
          this.#hello = hello;
          this.#receivedThisConnection = 0;
        },
        onStatus: (status) => {
          this.#status = status;
          this.#checkFuture();
          if (isCaughtUp(status, this.#receivedThisConnection)) this.clock?.caughtUp();
        },
        onState: (state) => {
          this.#clientState = state;
          if (state === 'open') this.#clientError = null;
        },
        onError: (error) => (this.#clientError = error),
        onGap: (gap) => (this.#gaps = addGap(this.#gaps, gapFromMessage(gap))),
      };
      this.#connection = this.#connect(this.#target.url, this.#target.token, options);
    } catch (error) {
      this.fail(error);
    }
  }

  /** Records an error for the UI; the connection stays up (the display freezes). */
  fail(error: unknown): void {
    if (this.#disposed) return;
    untrack(() => this.clock)?.pause();
    this.error = error instanceof Error ? error.message : String(error);
  }

  applyWorkbook(result: WorkbookSummary): void {
    const summary = untrack(() => this.summary);
    if (this.#disposed || !summary) return;
    this.summary = { ...summary, metrics: result.metrics };
    const clock = untrack(() => this.clock);
    if (clock) this.#frames.request(clock.time);
  }

  dispose(): void {
    this.#disposed = true;
    this.#connection?.close();
    if (this.#countTimer !== null) clearTimeout(this.#countTimer);
    this.clock?.dispose();
    this.#frames.dispose();
  }

  async #append(body: Uint8Array, lines: number, batches: number): Promise<void> {
    if (this.#disposed) return;
    this.#receivedThisConnection += lines;
    let status: LiveStatus;
    try {
      status = await this.#client.appendLive(body);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (this.#disposed) return;
    this.#latest = status;
    this.#checkFuture();
    this.#batches += batches;
    this.#publish();
    this.clock?.advance(status.streamTime, status.records > 0 ? status.start : null);
    this.#scheduleCount();
  }

  /** How far the newest record is ahead of this computer's clock, if it is (see `live-future.ts`). */
  #checkFuture(): void {
    const s = this.#latest;
    this.#future = futureLead(s && s.records > 0 ? s.end : null, Date.now());
  }

  #publish(): void {
    const s = this.#latest;
    if (!s) return;
    const range = this.clock?.range ?? { start: s.start, end: s.end };
    this.summary = {
      name: s.name,
      start: s.start,
      end: s.end,
      records: s.records,
      partitions: s.partitions,
      malformedLines: s.malformedLines,
      malformedLineCount: s.malformedLineCount,
      histogram: this.#minutes.histogram({
        start: Math.min(range.start, s.start || range.start),
        end: Math.max(range.end, s.end),
      }),
      incidents: [],
      metrics: s.metrics,
    };
  }

  /** Recounts the histogram soon: at most once a second, and once more after the last batch. */
  #scheduleCount(): void {
    if (this.#countTimer !== null || this.#disposed) return;
    const wait = Math.max(0, this.#lastCount + HISTOGRAM_REFRESH_MS - Date.now());
    this.#countTimer = setTimeout(() => {
      this.#countTimer = null;
      void this.#countMinutes();
    }, wait);
  }

  /** Counts the records appended since the last count, per minute of record time. */
  async #countMinutes(): Promise<void> {
    const s = this.#latest;
    if (!s || this.#counting || this.#disposed) return;
    // Tables, not topics: `ORDERS` beside `orders` has a table of its own.
    const sql = minuteCountsSql(
      s.tables.map((t) => t.table),
      this.#counted,
      s.records,
    );
    if (sql === null) return;
    this.#counting = true;
    this.#lastCount = Date.now();
    try {
      const result = await this.#client.query(sql);
      if (this.#disposed) return;
      this.#minutes.add(result.rows);
      this.#counted = s.records;
      this.#publish();
    } catch (error) {
      this.fail(error);
    } finally {
      this.#counting = false;
      if (this.#latest && this.#latest.records > this.#counted) this.#scheduleCount();
    }
  }
}
