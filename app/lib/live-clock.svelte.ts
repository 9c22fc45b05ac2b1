import { advanceAnchor, catchUpAnchor, followTime, type LiveAnchor } from './live-time.ts';
import { clampTime, type Speed, type TimeRange } from './replay-time.ts';
import type { TransportClock } from './transport-clock.ts';

/** How often the live clock moves with the wall clock (charts need no more than a few a second). */
export const LIVE_TICK_MS = 500;

/** What the live clock needs from outside; injected so it runs without a browser. */
export interface LiveClockDeps {
  /** Called after every change of the shown time (the session requests a frame there). */
  onTime(time: number): void;
  now?: () => number;
  setInterval?: (callback: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

/**
 * Live mode's clock: the same replay time as a recording's, following the wall clock from the
 * newest stream time, and the wall clock itself once caught up (see `live-time.ts`). Pausing freezes what is shown while records keep
 * arriving; play returns to the live edge. Step and seek pause at a time between the first
 * record and the edge; seeking to the edge goes live again. Speeds do not apply.
 */
export class LiveClock implements TransportClock {
  time = $state(0);
  status = $state<'live' | 'paused'>('live');
  /** the first record's time (the connection's start before any): the replay window's start */
  start = $state(0);
  /** the live edge as of the last tick: the replay window's end */
  edge = $state(0);
  readonly speed: Speed = 1;
  readonly live = true;

  #deps: LiveClockDeps;
  #now: () => number;
  #clear: (handle: unknown) => void;
  #timer: unknown;
  #anchor: LiveAnchor | null = null;
  #streamTime: number | null = null;

  constructor(deps: LiveClockDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => Date.now());
    this.#clear = deps.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>));
    const every = deps.setInterval ?? ((cb: () => void, ms: number) => setInterval(cb, ms));
    const now = this.#now();
    this.start = now;
    this.edge = now;
    this.time = now;
    this.#timer = every(() => this.#refresh(), LIVE_TICK_MS);
  }

  /** The replay window: first record to the live edge. */
  get range(): TimeRange {
    return { start: Math.min(this.start, this.edge), end: this.edge };
  }

  /**
   * The stream has reached `streamTime` (null: no timestamped record yet); `first` is the first
   * record's time, or null before any.
   */
  advance(streamTime: number | null, first: number | null): void {
    this.#anchor = advanceAnchor(this.#anchor, streamTime, this.#now());
    if (streamTime !== null) this.#streamTime = streamTime;
    if (first !== null) this.start = first;
    this.#refresh();
  }

  /** The bridge has read everything Kafka holds: a recent stream is shown at the wall clock. */
  caughtUp(): void {
    this.#anchor = catchUpAnchor(this.#anchor, this.#streamTime, this.#now());
    this.#refresh();
  }

  play(): void {
    this.status = 'live';
    this.#refresh();
  }

  pause(): void {
    this.status = 'paused';
  }

  toggle(): void {
    if (this.status === 'live') this.pause();
    else this.play();
  }

  setSpeed(): void {}

  step(deltaMs: number): void {
    this.pause();
    this.#setTime(clampTime(this.time + deltaMs, this.range));
  }

  seek(time: number): void {
    if (time >= this.edge) return this.play();
    this.pause();
    this.#setTime(clampTime(time, this.range));
  }

  dispose(): void {
    this.#clear(this.#timer);
  }

  #refresh(): void {
    this.edge = followTime(this.#anchor, this.#now()) ?? this.#now();
    if (this.status === 'live') this.#setTime(this.edge);
  }

  #setTime(time: number): void {
    this.time = time;
    this.#deps.onTime(time);
  }
}
