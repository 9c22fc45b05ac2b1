/**
 * Live mode's clock math, pure: the replay clock follows the wall clock from the newest stream
 * time. Each time the stream advances, the clock is anchored there; between anchors it runs at
 * 1× with the wall clock, so windows close on time while a topic is quiet. It never runs
 * backwards: a stream time behind where the clock already is leaves it where it is. Once the
 * bridge has caught up with Kafka, the clock is the wall clock itself — unless the stream's
 * newest record is older than {@link WALL_CLOCK_HORIZON_MS}: a stream of old records (a
 * recording replayed into Kafka with its own times) is followed in its own time.
 */

/** How far behind the wall clock a caught-up stream may be and still be shown at the wall clock. */
export const WALL_CLOCK_HORIZON_MS = 3_600_000;

/** The stream time the clock was last anchored at, and the wall time (ms) it happened. */
export interface LiveAnchor {
  stream: number;
  wall: number;
}

/** The live edge at wall time `now`: the anchor plus the wall time since it, or null before any. */
export function followTime(anchor: LiveAnchor | null, now: number): number | null {
  if (anchor === null) return null;
  return anchor.stream + Math.max(0, now - anchor.wall);
}

/**
 * The anchor after the stream reached `streamTime` (null: no record with a timestamp yet) at
 * wall time `now`: at the larger of the stream time and the edge the old anchor gives.
 */
export function advanceAnchor(
  anchor: LiveAnchor | null,
  streamTime: number | null,
  now: number,
): LiveAnchor | null {
  if (streamTime === null) return anchor;
  if (!Number.isFinite(streamTime)) throw new RangeError(`invalid stream time: ${streamTime}`);
  const edge = followTime(anchor, now);
  return { stream: edge === null ? streamTime : Math.max(streamTime, edge), wall: now };
}

/** How far behind the wall clock the stream's newest record is (ms, ≥ 0), or null before any. */
export function streamLag(streamTime: number | null, now: number): number | null {
  return streamTime === null ? null : Math.max(0, now - streamTime);
}

/**
 * The anchor once the bridge reports no backlog at wall time `now`: the wall clock, when the
 * newest stream time is within {@link WALL_CLOCK_HORIZON_MS} of it (or there is none yet);
 * otherwise unchanged.
 */
export function catchUpAnchor(
  anchor: LiveAnchor | null,
  streamTime: number | null,
  now: number,
): LiveAnchor | null {
  if (streamTime !== null && now - streamTime > WALL_CLOCK_HORIZON_MS) return anchor;
  return advanceAnchor(anchor, now, now);
}
