import { describe, expect, it } from 'vitest';
import type { EngineApi, FrameDelta, SeriesDelta } from '../../engine/index.ts';
import { applyFrameDelta, deltaFrames } from './frame-deltas.ts';

const f64 = (...xs: number[]) => new Float64Array(xs);
const change = (label: string, keep: number, times: number[], values: number[]): SeriesDelta => ({
  label,
  keep,
  times: f64(...times),
  values: f64(...values),
});
const summary = { minutes: 3, badMinutes: 1 } as never;
const event = (time: number) => ({ time, type: 'deploy', detail: `d${time}`, source: null });

/** A full frame at 180 s: metric a (series x, y), an SLI, one event. */
const first: FrameDelta = {
  token: 1,
  base: null,
  time: 180_000,
  delivered: 10,
  metrics: [
    {
      id: 'a',
      late: 0,
      series: [
        change('x', 0, [60_000, 120_000, 180_000], [1, 2, 3]),
        change('y', 0, [60_000, 120_000, 180_000], [5, NaN, 7]),
      ],
    },
  ],
  slis: [{ id: 's', late: 0, summary, minutes: change('s', 0, [60_000, 120_000], [0, 1]) }],
  events: { keep: 0, added: [event(100_000)] },
};

describe('applyFrameDelta', () => {
  it('a full frame is the delta with its series whole', () => {
    const { token, frame } = applyFrameDelta(null, first);
    expect(token).toBe(1);
    expect(frame).toStrictEqual({
      time: 180_000,
      delivered: 10,
      metrics: [
        {
          id: 'a',
          late: 0,
          series: [
            { label: 'x', times: f64(60_000, 120_000, 180_000), values: f64(1, 2, 3) },
            { label: 'y', times: f64(60_000, 120_000, 180_000), values: f64(5, NaN, 7) },
          ],
        },
      ],
      slis: [{ id: 's', late: 0, summary, minutes: { label: 's', ...times(60_000, 120_000) } }],
      events: [event(100_000)],
    });
  });

  it('a step keeps the finished samples, replaces the open one and appends', () => {
    const held = applyFrameDelta(null, first);
    const step: FrameDelta = {
      token: 2,
      base: 1,
      time: 200_000,
      delivered: 12,
      metrics: [
        {
          id: 'a',
          late: 1,
          series: [
            // x: the open window's sample (180 s) changed and one more opened
            change('x', 2, [180_000, 240_000], [4, 0.5]),
            // y: unchanged but one more opened
            change('y', 3, [240_000], [8]),
            // z: new
            change('z', 0, [240_000], [9]),
          ],
        },
      ],
      slis: [{ id: 's', late: 0, summary, minutes: change('s', 2, [], []) }],
      events: { keep: 1, added: [event(190_000)] },
    };
    const { frame } = applyFrameDelta(held, step);
    expect(frame.time).toBe(200_000);
    expect(frame.delivered).toBe(12);
    expect(frame.metrics[0]!.late).toBe(1);
    expect(frame.metrics[0]!.series).toStrictEqual([
      { label: 'x', times: f64(60_000, 120_000, 180_000, 240_000), values: f64(1, 2, 4, 0.5) },
      { label: 'y', times: f64(60_000, 120_000, 180_000, 240_000), values: f64(5, NaN, 7, 8) },
      { label: 'z', times: f64(240_000), values: f64(9) },
    ]);
    // The unchanged SLI series is the held object; the held frame is untouched.
    expect(frame.slis![0]!.minutes).toBe(held.frame.slis![0]!.minutes);
    expect(frame.events).toStrictEqual([event(100_000), event(190_000)]);
    expect(held.frame.metrics[0]!.series[0]!.values).toStrictEqual(f64(1, 2, 3));
    expect(held.frame.events).toStrictEqual([event(100_000)]);
  });

  it('a seek backwards truncates; what the delta leaves out is gone', () => {
    const held = applyFrameDelta(null, first);
    const back: FrameDelta = {
      token: 2,
      base: 1,
      time: 70_000,
      delivered: 3,
      metrics: [{ id: 'a', late: 0, series: [change('x', 1, [120_000], [0.25])] }],
      slis: [{ id: 's', late: 0, summary, minutes: change('s', 1, [], []) }],
      events: { keep: 0, added: [] },
    };
    expect(applyFrameDelta(held, back).frame).toStrictEqual({
      time: 70_000,
      delivered: 3,
      metrics: [
        {
          id: 'a',
          late: 0,
          series: [{ label: 'x', times: f64(60_000, 120_000), values: f64(1, 0.25) }],
        },
      ],
      slis: [{ id: 's', late: 0, summary, minutes: { label: 's', ...times(60_000) } }],
      events: [],
    });
  });

  it('refuses a delta of another frame, or keeping more than is held', () => {
    const held = applyFrameDelta(null, first);
    expect(() => applyFrameDelta(held, { ...first, token: 3, base: 2 })).toThrow(
      'frame delta 3 changes frame 2, but the frame held is 1',
    );
    expect(() => applyFrameDelta(null, { ...first, token: 3, base: 1 })).toThrow(
      'the frame held is none',
    );
    const tooMany: FrameDelta = {
      ...first,
      token: 2,
      base: 1,
      metrics: [{ id: 'a', late: 0, series: [change('x', 4, [], [])] }],
    };
    expect(() => applyFrameDelta(held, tooMany)).toThrow(
      'frame delta for a "x": keeps 4 of 3 samples held, adds 0 times and 0 values',
    );
    // Nothing of a full frame is kept: a series claiming to keep samples is refused.
    expect(() => applyFrameDelta(held, { ...tooMany, base: null })).toThrow('keeps 4 of 0');
  });
});

describe('deltaFrames', () => {
  it('asks with the token held, one call at a time', async () => {
    const asked: (number | null)[] = [];
    let token = 0;
    const engine: Pick<EngineApi, 'frameDelta'> = {
      frameDelta: async (time, since) => {
        asked.push(since);
        await new Promise((resolve) => setTimeout(resolve, 5));
        token++;
        return {
          token,
          base: since,
          time,
          delivered: token,
          metrics: [
            {
              id: 'a',
              late: 0,
              series: [change('x', since === null ? 0 : token - 1, [token], [token])],
            },
          ],
        };
      },
    };
    const next = deltaFrames(engine);
    const [a, b, c] = await Promise.all([next(1), next(2), next(3)]);
    expect(asked).toEqual([null, 1, 2]);
    expect(a!.metrics[0]!.series[0]!.values).toStrictEqual(f64(1));
    expect(b!.time).toBe(2);
    expect(c!.metrics[0]!.series[0]).toStrictEqual({
      label: 'x',
      times: f64(1, 2, 3),
      values: f64(1, 2, 3),
    });
  });
});

/** An SLI's minute samples at `ts`, values as in `first` (0 then 1). */
function times(...ts: number[]) {
  return { times: f64(...ts), values: f64(0, 1).slice(0, ts.length) };
}
