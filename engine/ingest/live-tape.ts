import { SourceTape } from './source-tape.ts';

/**
 * Stream time of records that arrive before any record with a timestamp: below every real
 * timestamp (so replay delivers them at once) and still an exact int64 for `_stream_ts`.
 */
export const NO_STREAM_TIME = Number.MIN_SAFE_INTEGER;

/**
 * The tape of a live source, growing with each appended batch. Delivery order is arrival order
 * (records of different partitions arrive interleaved, not merged by timestamp), and the stream
 * time after each record is the running maximum of the timestamps delivered so far, as in a
 * replay; a record without a timestamp leaves it where it was.
 */
export class LiveTape {
  private times = new Float64Array(1 << 12);
  private length = 0;
  private current = NO_STREAM_TIME;

  /** Records delivered so far. */
  get records(): number {
    return this.length;
  }

  /** The stream time after the last record, or null before any record with a timestamp. */
  get streamTime(): number | null {
    return this.current === NO_STREAM_TIME ? null : this.current;
  }

  /**
   * Appends records in arrival order (`timestamps[i]` in ms, NaN when absent) and returns the
   * stream time after each of them.
   */
  append(timestamps: ArrayLike<number>): Float64Array {
    const n = timestamps.length;
    if (this.length + n > this.times.length) {
      let size = this.times.length * 2;
      while (size < this.length + n) size *= 2;
      const bigger = new Float64Array(size);
      bigger.set(this.times.subarray(0, this.length));
      this.times = bigger;
    }
    const out = this.times.subarray(this.length, this.length + n);
    let current = this.current;
    for (let i = 0; i < n; i++) {
      const ts = timestamps[i]!;
      if (ts > current) current = ts;
      out[i] = current;
    }
    this.current = current;
    this.length += n;
    return out;
  }

  /** The tape as replay reads it: a view of the stream times so far (valid until the next append). */
  tape(): SourceTape {
    return new SourceTape(this.times.subarray(0, this.length));
  }
}
