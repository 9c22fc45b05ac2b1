import type { Speed } from './replay-time.ts';

/**
 * What the transport bar, the timeline and the keyboard drive: the replay clock of a recording
 * or a scenario (`ReplayClock`), or the live clock that follows the wall clock (`LiveClock`).
 */
export interface TransportClock {
  /** replay time, ms since epoch */
  readonly time: number;
  readonly speed: Speed;
  /** `live` while following the stream; the other states as the replay clock has them */
  readonly status: 'ready' | 'playing' | 'paused' | 'ended' | 'live';
  /** whether this clock follows a live stream (speeds do not apply) */
  readonly live: boolean;
  play(): void;
  pause(): void;
  toggle(): void;
  setSpeed(speed: Speed): void;
  /** Steps by `deltaMs` (negative = back) and pauses there. */
  step(deltaMs: number): void;
  seek(time: number): void;
  dispose(): void;
}
