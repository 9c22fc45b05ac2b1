import type {
  Frame,
  FrameDelta,
  MetricDelta,
  MetricFrame,
  Series,
  SeriesDelta,
  SliDelta,
  SliFrame,
  SystemEvent,
} from './contract.ts';

/**
 * The engine's side of `EngineApi.frameDelta`: the frame last answered, kept as the base of the
 * next delta. The base is the engine's own copy (a series' arrays are copied when they change),
 * so neither a transfer to the worker's caller nor later work on the frame's arrays can alter it.
 */
export class FrameDeltas {
  private base: { token: number; frame: Frame } | null = null;
  private tokens = 0;

  /** Forgets the base: the next delta is a full frame (a new source, another workbook). */
  reset(): void {
    this.base = null;
  }

  /**
   * `next` as changes to the frame answered last when the caller holds it (`since` is its
   * token), else in full; `next` becomes the base. Every array of the answer is new.
   */
  delta(next: Frame, since: number | null): FrameDelta {
    const base = since !== null && this.base?.token === since ? this.base : null;
    const token = ++this.tokens;
    const { metrics, slis, events, ...rest } = next;
    const held = base?.frame;
    const kept = { ...rest, metrics: [] as MetricFrame[] } as Frame;
    const delta: FrameDelta = { ...rest, token, base: base?.token ?? null, metrics: [] };

    const heldMetrics = byKey(held?.metrics ?? [], (m) => m.id);
    for (const metric of metrics) {
      const { series, ...fields } = metric;
      const was = byKey(heldMetrics.get(metric.id)?.series ?? [], (s) => s.label);
      const changes: SeriesDelta[] = [];
      const keptSeries: Series[] = [];
      for (const s of series) {
        const [change, copy] = seriesDelta(was.get(s.label), s);
        changes.push(change);
        keptSeries.push(copy);
      }
      delta.metrics.push({ ...fields, series: changes } satisfies MetricDelta);
      kept.metrics.push({ ...fields, series: keptSeries });
    }
    if (slis) {
      const heldSlis = byKey(held?.slis ?? [], (s) => s.id);
      delta.slis = [];
      kept.slis = [];
      for (const sli of slis) {
        const { minutes, ...fields } = sli;
        const [change, copy] = seriesDelta(heldSlis.get(sli.id)?.minutes, minutes);
        delta.slis.push({ ...fields, minutes: change } satisfies SliDelta);
        kept.slis.push({ ...fields, minutes: copy } satisfies SliFrame);
      }
    }
    if (events) {
      const was = held?.events ?? [];
      let keep = 0;
      while (keep < Math.min(was.length, events.length) && sameEvent(was[keep]!, events[keep]!)) {
        keep++;
      }
      delta.events = { keep, added: events.slice(keep) };
      kept.events = events.slice();
    }
    this.base = { token, frame: kept };
    return delta;
  }
}

/** The changes from `was` (absent: a new series) to `next`, and the copy of `next` to keep. */
function seriesDelta(was: Series | undefined, next: Series): [SeriesDelta, Series] {
  const keep = was
    ? Math.min(commonPrefix(was.times, next.times), commonPrefix(was.values, next.values))
    : 0;
  const change: SeriesDelta = {
    label: next.label,
    keep,
    times: next.times.slice(keep),
    values: next.values.slice(keep),
  };
  if (was && keep === was.times.length && keep === next.times.length) return [change, was];
  return [change, { label: next.label, times: next.times.slice(), values: next.values.slice() }];
}

/** How many leading elements `a` and `b` share (NaN equals NaN; 0 and -0 differ). */
function commonPrefix(a: Float64Array, b: Float64Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    // (Object.is, without its call per sample)
    if (x === y ? x === 0 && 1 / x !== 1 / y : x === x || y === y) return i;
  }
  return n;
}

function sameEvent(a: SystemEvent, b: SystemEvent): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** Items by key (the last of equal keys, as `applyFrameDelta` matches them). */
function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}
