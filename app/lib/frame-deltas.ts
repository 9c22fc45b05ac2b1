import type {
  EngineApi,
  Frame,
  FrameDelta,
  MetricFrame,
  Series,
  SeriesDelta,
  SliFrame,
} from '../../engine/index.ts';

/** A frame rebuilt from deltas, and the token that names it to the engine (`since`). */
export interface HeldFrame {
  token: number;
  frame: Frame;
}

/**
 * The app's one place that applies frame deltas (`EngineApi.frameDelta`): the full frame the
 * engine would give for `delta`, from the frame held and the changes. A series, metric or SLI
 * whose samples did not change keeps its `Series` object; every other array is new, so the held
 * frame stays as it was. Throws when `delta` is not a change to `held` (a caller's mistake).
 */
export function applyFrameDelta(held: HeldFrame | null, delta: FrameDelta): HeldFrame {
  const { token, base, metrics, slis, events, ...rest } = delta;
  if (base !== null && held?.token !== base) {
    throw new Error(
      `frame delta ${token} changes frame ${base}, but the frame held is ${held ? held.token : 'none'}`,
    );
  }
  const from = base === null ? null : held!.frame;
  const frame: Frame = { ...rest, metrics: [] };
  const heldMetrics = byKey(from?.metrics ?? [], (m) => m.id);
  frame.metrics = metrics.map(({ series, ...fields }): MetricFrame => {
    const was = byKey(heldMetrics.get(fields.id)?.series ?? [], (s) => s.label);
    return { ...fields, series: series.map((s) => applySeries(was.get(s.label), s, fields.id)) };
  });
  if (slis) {
    const heldSlis = byKey(from?.slis ?? [], (s) => s.id);
    frame.slis = slis.map(({ minutes, ...fields }): SliFrame => ({
      ...fields,
      minutes: applySeries(heldSlis.get(fields.id)?.minutes, minutes, `SLI ${fields.id}`),
    }));
  }
  if (events) {
    const was = from?.events ?? [];
    if (events.keep > was.length) {
      throw new Error(`frame delta ${token} keeps ${events.keep} of ${was.length} events held`);
    }
    frame.events = [...was.slice(0, events.keep), ...events.added];
  }
  return { token, frame };
}

/** One series: the first `keep` samples held, then the delta's. */
function applySeries(was: Series | undefined, delta: SeriesDelta, owner: string): Series {
  const { label, keep, times, values } = delta;
  const held = was?.times.length ?? 0;
  if (keep > held || times.length !== values.length) {
    throw new Error(
      `frame delta for ${owner} "${label}": keeps ${keep} of ${held} samples held, adds ${times.length} times and ${values.length} values`,
    );
  }
  if (keep === 0) return { label, times, values };
  if (keep === held && times.length === 0) return was!;
  return {
    label,
    times: joined(was!.times, keep, times),
    values: joined(was!.values, keep, values),
  };
}

function joined(held: Float64Array, keep: number, added: Float64Array): Float64Array {
  const out = new Float64Array(keep + added.length);
  out.set(held.subarray(0, keep));
  out.set(added, keep);
  return out;
}

/** Items by key (the last of equal keys, as the engine's delta matches them). */
function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

/**
 * Frames at replay times from `engine`, each asked for as a delta of the one before and rebuilt
 * here (`applyFrameDelta`): while playing, only the samples that changed cross from the worker.
 * Calls run one after the other; a failed call keeps the frame held.
 */
export function deltaFrames(
  engine: Pick<EngineApi, 'frameDelta'>,
): (time: number) => Promise<Frame> {
  let held: HeldFrame | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  return (time) => {
    const next = queue.then(async () => {
      held = applyFrameDelta(held, await engine.frameDelta(time, held?.token ?? null));
      return held.frame;
    });
    queue = next.catch(() => undefined);
    return next;
  };
}
