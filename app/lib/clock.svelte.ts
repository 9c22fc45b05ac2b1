import {
  MAX_RECORDS_PER_TICK,
  advanceByWallTime,
  clampTime,
  isAtEnd,
  stepTime,
  type Speed,
  type TimeRange,
} from './replay-time.ts';
import type { TransportClock } from './transport-clock.ts';

/** Where the clock stands: at the start before any play, running, paused, or at the source's end. */
export type ClockStatus = 'ready' | 'playing' | 'paused' | 'ended';

/** What the clock needs from outside; injected so it runs without a worker or a browser. */
export interface ClockDeps {
  /** For `'max'`: replay time after `records` more records past `time` (the engine's `timeAfter`). */
  timeAfter(time: number, records: number): Promise<number>;
  /** Called after every change of replay time (the session requests a frame there). */
  onTime(time: number): void;
  onError(error: unknown): void;
  requestAnimationFrame?: (callback: (now: number) => void) => number;
  cancelAnimationFrame?: (handle: number) => void;
}

/**
 * The virtual replay clock. Replay time `time` (ms since epoch) stays in `[range.start, range.end]`.
 * At a wall-time speed `s` it advances by `dt·s` each animation frame; at `'max'` it advances by
 * work, asking the engine where {@link MAX_RECORDS_PER_TICK} more records take it.
 */
export class ReplayClock implements TransportClock {
  time = $state(0);
  speed = $state<Speed>(60);
  status = $state<ClockStatus>('ready');
  readonly range: TimeRange;
  readonly live = false;

  #deps: ClockDeps;
  #raf: (callback: (now: number) => void) => number;
  #cancelRaf: (handle: number) => void;
  #handle: number | null = null;
  #lastNow: number | null = null;
  /** Bumped by every seek, step and pause, so a `'max'` answer for an older time is dropped. */
  #generation = 0;
  #maxInFlight = false;

  constructor(range: TimeRange, deps: ClockDeps) {
    if (!(range.end >= range.start)) {
      throw new RangeError(`invalid replay range: ${range.start}..${range.end} (end before start)`);
    }
    this.range = range;
    this.#deps = deps;
    this.#raf = deps.requestAnimationFrame ?? ((cb) => requestAnimationFrame(cb));
    this.#cancelRaf = deps.cancelAnimationFrame ?? ((h) => cancelAnimationFrame(h));
    this.time = range.start;
  }

  /** Starts playing; from the end, starts over at the beginning. */
  play(): void {
    if (this.status === 'playing') return;
    if (isAtEnd(this.time, this.range)) this.#setTime(this.range.start);
    this.status = 'playing';
    this.#lastNow = null;
    this.#schedule();
  }

  pause(): void {
    if (this.status !== 'playing') return;
    this.#stop();
    this.status = 'paused';
  }

  toggle(): void {
    if (this.status === 'playing') this.pause();
    else this.play();
  }

  setSpeed(speed: Speed): void {
    this.speed = speed;
    this.#lastNow = null;
  }

  /** Steps by `deltaMs` (negative = back) and pauses there. */
  step(deltaMs: number): void {
    this.#stop();
    this.#setTime(stepTime(this.time, deltaMs, this.range));
    this.status = isAtEnd(this.time, this.range) ? 'ended' : 'paused';
  }

  /** Moves to `time` (clamped to the range); keeps playing if it was playing. */
  seek(time: number): void {
    this.#generation++;
    this.#setTime(clampTime(time, this.range));
    if (this.status === 'playing') return;
    if (isAtEnd(this.time, this.range)) this.status = 'ended';
    else if (this.status === 'ended') this.status = 'paused';
  }

  dispose(): void {
    this.#stop();
  }

  #setTime(time: number): void {
    this.time = time;
    this.#deps.onTime(time);
  }

  #stop(): void {
    this.#generation++;
    if (this.#handle !== null) this.#cancelRaf(this.#handle);
    this.#handle = null;
    this.#lastNow = null;
  }

  #schedule(): void {
    this.#handle = this.#raf(this.#tick);
  }

  #end(): void {
    this.#stop();
    this.status = 'ended';
  }

  #tick = (now: number): void => {
    this.#handle = null;
    if (this.status !== 'playing') return;
    if (this.speed === 'max') {
      this.#tickMax();
    } else {
      if (this.#lastNow !== null) {
        this.#setTime(advanceByWallTime(this.time, now - this.#lastNow, this.speed, this.range));
      }
      this.#lastNow = now;
      if (isAtEnd(this.time, this.range)) return this.#end();
    }
    this.#schedule();
  };

  #tickMax(): void {
    if (this.#maxInFlight) return;
    this.#maxInFlight = true;
    const generation = this.#generation;
    this.#deps.timeAfter(this.time, MAX_RECORDS_PER_TICK).then(
      (next) => {
        this.#maxInFlight = false;
        if (generation !== this.#generation || this.status !== 'playing') return;
        // No progress means no record is left past `time`: the rest of the range is empty.
        const target = next > this.time ? next : this.range.end;
        this.#setTime(clampTime(target, this.range));
        if (isAtEnd(this.time, this.range)) this.#end();
      },
      (error: unknown) => {
        this.#maxInFlight = false;
        this.pause();
        this.#deps.onError(error);
      },
    );
  }
}
