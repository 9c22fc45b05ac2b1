import { formatDuration } from './format.ts';

/**
 * Record timestamps ahead of this computer's clock by more than this (ms) are "in the future":
 * a producer's clock is ahead, or it sets timestamps itself. Below it, clocks merely disagree.
 */
export const FUTURE_TOLERANCE_MS = 2_000;

/**
 * How far the newest record time `newest` is ahead of the wall clock `now` (ms), or null when it
 * is not (beyond {@link FUTURE_TOLERANCE_MS}) or there is no record yet.
 */
export function futureLead(newest: number | null, now: number): number | null {
  if (newest === null || !Number.isFinite(newest)) return null;
  const lead = newest - now;
  return lead > FUTURE_TOLERANCE_MS ? lead : null;
}

/** A record time as a person reads the label beside it: `in the future (+3 min)`, or null. */
export function futureLabel(time: number, now: number): string | null {
  const lead = futureLead(time, now);
  return lead === null ? null : `in the future (+${formatDuration(lead)})`;
}

/**
 * The topics a live stream follows: those of the bridge's hello, then any that appeared since
 * (a topic created after the start shows in the status' partitions), in order of appearance.
 */
export function liveTopicNames(
  hello: readonly string[],
  partitions: readonly { topic: string }[],
): string[] {
  const out = [...hello];
  const seen = new Set(out);
  for (const p of partitions) {
    if (seen.has(p.topic)) continue;
    seen.add(p.topic);
    out.push(p.topic);
  }
  return out;
}
