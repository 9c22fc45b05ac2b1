/** When one restaurant is closed (OFF): sorted, merged `[start, end)` intervals, ms since epoch. */
export class StatusTimeline {
  private starts: number[] = [];
  private ends: number[] = [];

  constructor(closed: ReadonlyArray<readonly [number, number]> = []) {
    for (const [a, b] of closed) this.close(a, b);
  }

  /** Marks `[start, end)` closed, merging with intervals it touches. */
  close(start: number, end: number): void {
    if (!(end > start))
      throw new Error(`invalid closed interval [${start}, ${end}): end must be after start`);
    const merged: Array<[number, number]> = [];
    let a = start;
    let b = end;
    for (let i = 0; i < this.starts.length; i++) {
      const s = this.starts[i] as number;
      const e = this.ends[i] as number;
      if (e < a || s > b) merged.push([s, e]);
      else {
        a = Math.min(a, s);
        b = Math.max(b, e);
      }
    }
    merged.push([a, b]);
    merged.sort((x, y) => x[0] - y[0]);
    this.starts = merged.map((x) => x[0]);
    this.ends = merged.map((x) => x[1]);
  }

  /** True when the restaurant is ON at `t`. */
  isOpen(t: number): boolean {
    const i = this.lastStartAtOrBefore(t);
    return i < 0 || t >= (this.ends[i] as number);
  }

  /** True when no closed interval meets `[from, to)`. */
  openThroughout(from: number, to: number): boolean {
    const i = this.lastStartAtOrBefore(from);
    if (i >= 0 && (this.ends[i] as number) > from) return false;
    const next = this.starts[i + 1];
    return next === undefined || next >= to;
  }

  /** The closed intervals, in time order. */
  intervals(): Array<[number, number]> {
    return this.starts.map((s, i) => [s, this.ends[i] as number]);
  }

  private lastStartAtOrBefore(t: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] as number) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }
}
