import { countAtMost } from '../sorted-search.ts';

/**
 * The replay "tape" of a loaded source: the stream time at each delivery, in delivery order.
 * Records delivered by replay time `t` are exactly those whose stream time is `<= t`; stream
 * times never decrease, so both questions the clock asks are binary searches.
 */
export class SourceTape {
  constructor(
    /** `streamTimes[seq]`, non-decreasing (see `deliveryOrder`) */
    readonly streamTimes: Float64Array,
  ) {}

  get records(): number {
    return this.streamTimes.length;
  }

  /** How many records are delivered by replay time `time`. */
  delivered(time: number): number {
    return countAtMost(this.streamTimes, time);
  }

  /**
   * The replay time at which `records` more records than those delivered by `time` have been
   * delivered: the stream time of the `records`-th undelivered record, or of the last record
   * when fewer remain. Returns `time` itself when `records <= 0` or nothing is left.
   */
  timeAfter(time: number, records: number): number {
    const done = this.delivered(time);
    if (records <= 0 || done >= this.records) return time;
    const index = Math.min(done + Math.floor(records) - 1, this.records - 1);
    return this.streamTimes[Math.max(index, done)]!;
  }
}
