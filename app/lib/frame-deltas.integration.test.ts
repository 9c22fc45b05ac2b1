import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineApi, Frame, FrameDelta } from '../../engine/index.ts';
import { createNodeEngine, KITCHEN_WORKBOOK, type Engine } from '../../engine/node.ts';
import { encodeEnvelope } from '../../formats/index.ts';
import { generateKitchen, KITCHEN_DEFAULTS } from '../../scenarios/index.ts';
import { applyFrameDelta, deltaFrames } from './frame-deltas.ts';

const MIN = 60_000;

/**
 * `EngineApi.frameDelta` on the real engine: at each replay time the frame the app rebuilds from
 * the deltas (`deltaFrames`) is the full frame `frame` gives, through forward steps, seeks both
 * ways, a workbook applied (a grace period and a `final_only` metric, whose past samples change
 * as replay moves), a new load and a live source whose topics arrive one after another.
 */

/** Samples a delta carries (its series' times), and whether it is a full frame. */
function carried(delta: FrameDelta): number {
  let n = 0;
  for (const m of delta.metrics) for (const s of m.series) n += s.times.length;
  for (const s of delta.slis ?? []) n += s.minutes.times.length;
  return n;
}

function samples(frame: Frame): number {
  let n = 0;
  for (const m of frame.metrics) for (const s of m.series) n += s.times.length;
  for (const s of frame.slis ?? []) n += s.minutes.times.length;
  return n;
}

/** `engine` with every `frameDelta` answer kept in `seen`. */
function recording(engine: Engine, seen: FrameDelta[]): Pick<EngineApi, 'frameDelta'> {
  return {
    frameDelta: async (time, since) => {
      const delta = await engine.frameDelta(time, since);
      seen.push(delta);
      return delta;
    },
  };
}

describe('frames rebuilt from deltas equal full frames', () => {
  const { records, labels } = generateKitchen({ ...KITCHEN_DEFAULTS, durationMs: 3 * 3600_000 });
  const start = Math.min(...records.map((r) => r.timestamp ?? Infinity));
  const end = Math.max(...records.map((r) => r.timestamp ?? -Infinity));
  let engine: Engine;

  beforeAll(async () => {
    engine = await createNodeEngine();
    await engine.loadRecords(records, 'kitchen', labels.incidents);
  }, 120_000);
  afterAll(() => engine?.close());

  it('while playing, seeking, after a workbook is applied and a new load', async () => {
    const seen: FrameDelta[] = [];
    const next = deltaFrames(recording(engine, seen));
    /** The rebuilt frame at `t` against the full one; the delta that made it. */
    const check = async (t: number, what: string): Promise<FrameDelta> => {
      const rebuilt = await next(t);
      expect(rebuilt, `${what} at ${new Date(t).toISOString()}`).toStrictEqual(
        await engine.frame(t),
      );
      return seen.at(-1)!;
    };

    // The first frame of a load, near the start: full.
    expect((await check(start + 5_000, 'first frame')).base).toBeNull();
    await engine.prepare();
    // Playing at 1×: steps of 250 ms cross window ends; each delta is a change, never a reset,
    // and carries a few samples only: the open windows' and the ones just finished.
    let t = start + 40 * MIN + 50_000;
    expect((await check(t, 'seek forward')).base).not.toBeNull();
    for (let i = 0; i < 60; i++) {
      t += 250;
      const delta = await check(t, 'step 250 ms');
      expect(delta.base).toBe(seen.at(-2)!.token);
      const series = delta.metrics.reduce((n, m) => n + m.series.length, 0);
      expect(carried(delta)).toBeLessThanOrEqual(2 * (series + (delta.slis?.length ?? 0)));
    }
    const full = await engine.frame(t);
    expect(samples(full)).toBeGreaterThan(500);
    expect(carried(seen.at(-1)!)).toBeLessThan(samples(full) / 10);
    // Fast play: steps of a minute, then ten.
    for (let i = 0; i < 10; i++) await check((t += MIN + 1_234), 'step 1 min');
    for (let i = 0; i < 5; i++) await check((t += 10 * MIN), 'step 10 min');
    // Seeks backwards (a truncation: nothing but the open windows is sent), forward, to a
    // window's end and just before it, before the source and after it.
    const back = await check(start + 30 * MIN + 1, 'seek backwards');
    expect(back.base).not.toBeNull();
    expect(carried(back)).toBeLessThan(samples(await engine.frame(start + 30 * MIN + 1)) / 10);
    for (const at of [start + 150 * MIN, start + 60 * MIN, start + 60 * MIN - 1]) {
      await check(at, 'seek');
    }
    await check(start - MIN, 'before the source');
    await check(end + 20 * MIN, 'after the source');
    await check(start + 100 * MIN + 7_000, 'back into the source');

    // A workbook applied: a grace period, and a metric whose past samples change later.
    const text = KITCHEN_WORKBOOK.text
      .replace(/grace: 0s/, 'grace: 90s')
      .replace(
        '    window: 15m\n    lookback: 2h\n    missing: 0\n',
        (m) => `${m}    final_only: true\n`,
      );
    expect(text).toContain('final_only: true');
    expect((await engine.loadWorkbook(text, 'changed.yaml')).accepted).toBe(true);
    const applied = await check(start + 100 * MIN + 7_000, 'after the workbook');
    expect(applied.base).toBeNull();
    t = start + 100 * MIN + 7_000;
    for (let i = 0; i < 8; i++) await check((t += 7 * MIN + 333), 'step with final_only');
    for (let i = 0; i < 20; i++) await check((t += 500), 'step 500 ms with final_only');
    await check(start + 20 * MIN, 'seek backwards with final_only');

    // A new load: full again.
    await engine.loadRecords(records.slice(0, 20_000), 'kitchen part', labels.incidents);
    expect((await check(start + 30 * MIN, 'new load')).base).toBeNull();
    await check(start + 31 * MIN, 'step after the new load');
    expect((await engine.loadWorkbook(KITCHEN_WORKBOOK.text, KITCHEN_WORKBOOK.name)).accepted).toBe(
      true,
    );
  }, 600_000);

  it('a token the engine did not answer last gets a full frame', async () => {
    const a = await engine.frameDelta(start + 10 * MIN, null);
    const b = await engine.frameDelta(start + 11 * MIN, a.token);
    expect(b.base).toBe(a.token);
    const again = await engine.frameDelta(start + 12 * MIN, a.token);
    expect(again.base).toBeNull();
    expect(applyFrameDelta(null, again).frame).toStrictEqual(await engine.frame(start + 12 * MIN));
    await expect(engine.frameDelta(start, Number.NaN)).rejects.toThrow(/invalid token NaN/);
  }, 120_000);
});

describe('a live source: topics and fields arrive as it grows', () => {
  it('rebuilds every frame from deltas, across schema changes', async () => {
    const { records } = generateKitchen({ ...KITCHEN_DEFAULTS, durationMs: 40 * MIN });
    // Orders alone first (the workbook's other metrics appear with their topics), then all.
    const first = records.filter((r, i) => r.topic === 'orders' && i < 3_000);
    const rest = records.filter((r, i) => !(r.topic === 'orders' && i < 3_000));
    const batches = [first.slice(0, 1_500), first.slice(1_500)];
    for (let i = 0; i < rest.length; i += 4_000) batches.push(rest.slice(i, i + 4_000));
    const engine = await createNodeEngine();
    try {
      await engine.startLive('live kitchen');
      const seen: FrameDelta[] = [];
      const next = deltaFrames(recording(engine, seen));
      let metrics = 0;
      for (const batch of batches) {
        const lines = batch.map((r) => `${encodeEnvelope(r)}\n`).join('');
        const status = await engine.appendLive(new TextEncoder().encode(lines));
        const t = status.streamTime!;
        for (const at of [t, t + 2_000]) {
          const rebuilt = await next(at);
          expect(rebuilt, `live at ${new Date(at).toISOString()}`).toStrictEqual(
            await engine.frame(at),
          );
        }
        metrics = Math.max(metrics, status.metrics.length);
      }
      // The schema changed (more metrics than orders alone give), and deltas were used.
      expect(metrics).toBeGreaterThan(seen[0]!.metrics.length);
      expect(seen.filter((d) => d.base !== null).length).toBeGreaterThan(batches.length);
    } finally {
      engine.close();
    }
  }, 600_000);
});
