import { KAFKA_IO_DEFAULTS } from './defaults.ts';

/** One partition's place in a progress line: `done/total`, e.g. an offset and its end offset. */
export interface PartitionProgress {
  label: string;
  done: bigint | number;
  total: bigint | number;
}

/** What a progress line says. */
export interface ProgressState {
  verb: string;
  records: number;
  /** Records per second over the last few seconds. */
  rate: number;
  partitions: readonly PartitionProgress[];
  /** Anything else worth a glance, e.g. `next record in 2.0 s`. */
  note?: string;
}

const numbers = new Intl.NumberFormat('en-US');
/** More partitions than this are summarised as `+N more`: a progress line stays one line. */
const PARTITIONS_SHOWN = 8;

/** `recorded 1,200 records · 340 rec/s · orders/0 1200/5000 orders/1 800/800 · note` */
export function formatProgress(state: ProgressState): string {
  const parts = [
    `${state.verb} ${numbers.format(state.records)} records`,
    `${numbers.format(Math.round(state.rate))} rec/s`,
  ];
  if (state.partitions.length > 0) {
    const shown = state.partitions.slice(0, PARTITIONS_SHOWN);
    const more = state.partitions.length - shown.length;
    parts.push(
      shown.map((p) => `${p.label} ${p.done.toString()}/${p.total.toString()}`).join(' ') +
        (more > 0 ? ` +${more} more` : ''),
    );
  }
  if (state.note) parts.push(state.note);
  return parts.join(' · ');
}

/** Records per second over a sliding window of samples. */
export class RateMeter {
  private readonly samples: Array<{ at: number; count: number }> = [];

  constructor(private readonly windowMs = 5_000) {}

  /** Adds the running total at time `at`; returns the rate over the window ending there. */
  sample(count: number, at: number): number {
    this.samples.push({ at, count });
    while (this.samples.length > 2 && at - this.samples[1]!.at >= this.windowMs)
      this.samples.shift();
    const first = this.samples[0]!;
    const seconds = (at - first.at) / 1000;
    return seconds > 0 ? (count - first.count) / seconds : 0;
  }
}

/** Where progress goes: a TTY stream, or any stream written as plain lines. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/**
 * A single updating progress line on a terminal (`\r`, clear, redraw, at most every 200 ms), or a
 * plain line every 5 s when the stream is a file or pipe. `log` prints a line above it.
 */
export class ProgressLine {
  private last = -Infinity;
  private shown = false;
  private readonly rate = new RateMeter();

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number = Date.now,
  ) {
    this.rate.sample(0, now());
  }

  /** Shows the state if enough time passed since the last redraw (always when `force`). */
  update(state: Omit<ProgressState, 'rate'>, force = false): void {
    const at = this.now();
    const rate = this.rate.sample(state.records, at);
    const every = this.stream.isTTY
      ? KAFKA_IO_DEFAULTS.progressTtyMs
      : KAFKA_IO_DEFAULTS.progressPlainMs;
    if (!force && at - this.last < every) return;
    this.last = at;
    const line = formatProgress({ ...state, rate });
    if (this.stream.isTTY) {
      const width = this.stream.columns ?? 120;
      this.stream.write(
        `\r\x1b[K${line.length > width - 1 ? `${line.slice(0, width - 2)}…` : line}`,
      );
      this.shown = true;
    } else {
      this.stream.write(`${line}\n`);
    }
  }

  /** Prints a line of its own, keeping the progress line below it on a terminal. */
  log(line: string): void {
    this.clear();
    this.stream.write(`${line}\n`);
  }

  /** Ends the progress line (leaves the last state visible on a terminal). */
  done(): void {
    if (this.shown) this.stream.write('\n');
    this.shown = false;
  }

  private clear(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}
