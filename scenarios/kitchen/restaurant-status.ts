import type { Restaurant } from './catalog.ts';
import { partitionForKey } from './kafka-partitioner.ts';
import type { Rng } from './prng.ts';
import type { RecordSink } from './record-sink.ts';
import type { StatusTimeline } from './status-timeline.ts';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

/**
 * Short pauses at the lunch or dinner rush ("too many orders"), a few per restaurant per week:
 * ordinary operations that a closed-too-long alert should not fire on.
 */
export function addRushPauses(timeline: StatusTimeline, from: number, to: number, rng: Rng): void {
  for (let day = Math.floor(from / DAY) * DAY; day < to; day += DAY) {
    if (!rng.chance(0.3)) continue;
    const rushStart = rng.chance(0.5) ? 12 * 60 : 19 * 60;
    const start = day + (rushStart + rng.int(120)) * MINUTE + rng.int(60) * 1000;
    const end = start + (4 * 60 + rng.int(21 * 60)) * 1000;
    if (timeline.openThroughout(start - 15 * MINUTE, end + 15 * MINUTE)) timeline.close(start, end);
  }
}

/**
 * Emits `restaurant-status` records: a snapshot of every restaurant's state at the start of the
 * period (what a consumer reading the compacted topic from the beginning would see), then each
 * OFF and ON switch inside the period.
 */
export function emitRestaurantStatus(
  sink: RecordSink,
  restaurants: readonly Restaurant[],
  timelines: readonly StatusTimeline[],
): void {
  const { start, end } = sink;
  restaurants.forEach((restaurant, i) => {
    const timeline = timelines[i] as StatusTimeline;
    const partition = partitionForKey(restaurant.id, 3);
    const emit = (t: number, status: 'ON' | 'OFF'): void => {
      const value = JSON.stringify({
        name: restaurant.name,
        timestamp: isoSeconds(t),
        status,
        id: restaurant.id,
      });
      sink.emit('restaurant-status', partition, restaurant.id, t, value);
    };
    emit(start, timeline.isOpen(start) ? 'ON' : 'OFF');
    for (const [off, on] of timeline.intervals()) {
      if (off > start && off < end) emit(off, 'OFF');
      if (on > start && on < end) emit(on, 'ON');
    }
  });
}

function isoSeconds(t: number): string {
  return new Date(t).toISOString().slice(0, 19) + 'Z';
}
