/** Pure time math of the virtual replay clock; the rune-based clock in `clock.svelte.ts` uses it. */

/** Replay speeds: a multiple of wall time, or `'max'` (advance by work done, as fast as possible). */
export type Speed = 1 | 10 | 60 | 600 | 'max';

/** The speeds offered by the transport bar, in the order of the 1–5 keyboard shortcuts. */
export const SPEEDS: readonly Speed[] = [1, 10, 60, 600, 'max'];

/** One minute, the step of the step buttons and arrow keys. */
export const STEP_MS = 60_000;

/** Records delivered per animation frame at `'max'` speed. */
export const MAX_RECORDS_PER_TICK = 20_000;

/**
 * The longest wall-time gap one animation frame may account for. A backgrounded tab gets no
 * frames for seconds; without a cap the replay would leap ahead by all of them at once.
 */
export const MAX_FRAME_GAP_MS = 250;

/** The replay window: first and last record timestamp (ms since epoch). */
export interface TimeRange {
  start: number;
  end: number;
}

/** `t` clamped to `[range.start, range.end]`. */
export function clampTime(t: number, range: TimeRange): number {
  if (Number.isNaN(t)) throw new RangeError(`invalid replay time: ${t}`);
  return Math.min(range.end, Math.max(range.start, t));
}

/**
 * Replay time after `wallDeltaMs` of wall time at a wall-time `speed`: `t + dt·speed`, with dt
 * capped at {@link MAX_FRAME_GAP_MS} and never negative, and the result clamped to the range.
 */
export function advanceByWallTime(
  t: number,
  wallDeltaMs: number,
  speed: number,
  range: TimeRange,
): number {
  if (!(speed > 0)) throw new RangeError(`invalid speed: ${speed} (must be > 0)`);
  const dt = Math.min(MAX_FRAME_GAP_MS, Math.max(0, wallDeltaMs));
  return clampTime(t + dt * speed, range);
}

/** Replay time after stepping by `deltaMs` (negative steps back), clamped to the range. */
export function stepTime(t: number, deltaMs: number, range: TimeRange): number {
  return clampTime(t + deltaMs, range);
}

/** Whether replay time has reached the end of the source. */
export function isAtEnd(t: number, range: TimeRange): boolean {
  return t >= range.end;
}

/** The speed bound to keyboard digit `key` ('1'–'5'), or null for any other key. */
export function speedForKey(key: string): Speed | null {
  const i = Number.parseInt(key, 10);
  if (!/^[1-9]$/.test(key) || i > SPEEDS.length) return null;
  return SPEEDS[i - 1] ?? null;
}

/** The label of a speed: `60×`, or `max`. */
export function speedLabel(speed: Speed): string {
  return speed === 'max' ? 'max' : `${speed}×`;
}
