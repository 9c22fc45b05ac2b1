import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import type { EngineApi, Frame, FrameDelta } from './contract.ts';
import { FrameDeltas } from './frame-delta.ts';
import { createNodeEngine } from './node.ts';
import { T0, recordsOf } from './testing/test-records.ts';
import { transferringEngine } from './transfer.ts';

const f64 = (...xs: number[]) => new Float64Array(xs);
const MIN = 60_000;

/** A frame of one metric `m` with the series given as `[label, values]` at minutes 1, 2, … */
function frameOf(time: number, ...series: [string, number[]][]): Frame {
  return {
    time,
    delivered: 1,
    metrics: [
      {
        id: 'm',
        late: 0,
        series: series.map(([label, values]) => ({
          label,
          times: f64(...values.map((_, i) => (i + 1) * MIN)),
          values: f64(...values),
        })),
      },
    ],
    events: [{ time: 30_000, type: 'deploy', detail: 'a', source: null }],
  };
}

/** Per series label of metric `m`: [keep, values sent]. */
function changes(delta: FrameDelta): Record<string, [number, number[]]> {
  return Object.fromEntries(
    delta.metrics[0]!.series.map((s) => [s.label, [s.keep, [...s.values]]]),
  );
}

describe('FrameDeltas', () => {
  it('keeps the unchanged prefix of each series (NaN equals NaN; -0 is not 0)', () => {
    const deltas = new FrameDeltas();
    const first = deltas.delta(frameOf(150_000, ['a', [1, 2, 3]], ['b', [NaN, 0, 5]]), null);
    expect(first.base).toBeNull();
    expect(changes(first)).toEqual({ a: [0, [1, 2, 3]], b: [0, [NaN, 0, 5]] });
    const next = frameOf(190_000, ['a', [1, 2, 4, 7]], ['b', [NaN, -0, 5, 6]], ['c', [9]]);
    next.events!.push({ time: 170_000, type: 'deploy', detail: 'b', source: null });
    const second = deltas.delta(next, first.token);
    expect(second.base).toBe(first.token);
    expect(changes(second)).toEqual({ a: [2, [4, 7]], b: [1, [-0, 5, 6]], c: [0, [9]] });
    expect(Object.is(second.metrics[0]!.series[1]!.values[0], -0)).toBe(true);
    expect(second.events).toEqual({ keep: 1, added: [next.events![1]] });
    // Back to fewer samples: a truncation, nothing sent.
    const third = deltas.delta(frameOf(100_000, ['a', [1]]), second.token);
    expect(changes(third)).toEqual({ a: [1, []] });
    expect(third.events).toEqual({ keep: 1, added: [] });
    // A stale token, or after reset: a full frame.
    expect(deltas.delta(frameOf(100_000, ['a', [1]]), second.token).base).toBeNull();
    deltas.reset();
    const afterReset = deltas.delta(frameOf(100_000, ['a', [1]]), null);
    expect(changes(afterReset)).toEqual({ a: [0, [1]] });
  });

  it('the base survives its deltas crossing a message channel with their arrays moved', async () => {
    const engine = await createNodeEngine();
    const channel = new MessageChannel();
    try {
      const rows = Array.from({ length: 30 }, (_, i) => ({
        at: i * 20_000,
        value: { status: 'REJECTED' },
      }));
      await engine.loadRecords(recordsOf('orders-rejected', rows), 'rejections');
      Comlink.expose(transferringEngine(Promise.resolve(engine)), channel.port1);
      const remote = Comlink.wrap<EngineApi>(channel.port2);
      const first = await remote.frameDelta(T0 + 5 * MIN + 1_000, null);
      const sent = first.metrics.flatMap((m) => m.series);
      expect(sent.reduce((n, s) => n + s.times.length, 0)).toBeGreaterThan(10);
      // The same time again: every sample of every series is kept, none is sent.
      const again = await remote.frameDelta(T0 + 5 * MIN + 1_000, first.token);
      expect(again.base).toBe(first.token);
      for (const [i, m] of again.metrics.entries()) {
        for (const [j, s] of m.series.entries()) {
          expect(s.keep).toBe(first.metrics[i]!.series[j]!.times.length);
          expect(s.times.length).toBe(0);
        }
      }
    } finally {
      channel.port1.close();
      channel.port2.close();
      engine.close();
    }
  });
});
