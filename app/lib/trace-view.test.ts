import { describe, expect, it } from 'vitest';
import type { TraceDetail, TraceHop } from '../../engine/index.ts';
import { formatLatency, graphLayout, waterfallBars } from './trace-view.ts';

const span = (time: number, hopMs: number | null) => ({
  topic: 'orders',
  partition: 0,
  offset: '0',
  time,
  node: 'orders',
  traceparent: 'valid' as const,
  traceId: 'a',
  parentId: null,
  hopMs,
  break: null,
  critical: true,
});

describe('waterfallBars', () => {
  it('gives each record the hop into it as a fraction of the trace, on a shared scale', () => {
    const t: TraceDetail = {
      key: 'o-1',
      traceIds: ['a'],
      start: 1000,
      end: 1400,
      durationMs: 400,
      stitched: false,
      spans: [span(1000, null), span(1100, 100), span(1400, 300)],
    };
    expect(waterfallBars(t)).toEqual([
      { index: 0, left: 0, width: 0 },
      { index: 1, left: 0, width: 0.25 },
      { index: 2, left: 0.25, width: 0.75 },
    ]);
    // against a trace twice as long beside it
    expect(waterfallBars(t, 800)[2]).toEqual({ index: 2, left: 0.125, width: 0.375 });
  });
});

describe('graphLayout', () => {
  const hop = (from: string, to: string, count: number): TraceHop => ({
    from,
    to,
    count,
    traced: count,
    p50Ms: 1,
    p95Ms: 2,
    maxMs: 3,
    latencyMeasurable: true,
    breaks: {},
    breakRate: 0,
  });

  it('puts each topic in a column in flow order, its steps down it in the order hops take them', () => {
    const layout = graphLayout(
      [
        hop('orders:ACCEPTED', 'orders:READY', 5),
        hop('payments:OK', 'orders:PLACED', 9),
        hop('orders:PLACED', 'orders:ACCEPTED', 7),
      ],
      ['payments', 'orders'],
      460,
    );
    expect(layout.nodes.map((n) => [n.id, n.x, n.y, n.label])).toEqual([
      ['payments:OK', 110, 34, 'OK'],
      ['orders:PLACED', 350, 34, 'PLACED'],
      ['orders:ACCEPTED', 350, 76, 'ACCEPTED'],
      ['orders:READY', 350, 118, 'READY'],
    ]);
    expect(layout.height).toBe(152);
    expect(layout.edges.map((e) => [e.from, e.x1, e.y1, e.x2, e.y2])).toEqual([
      ['orders:ACCEPTED', 350, 76, 350, 118],
      ['payments:OK', 110, 34, 350, 34],
      ['orders:PLACED', 350, 34, 350, 76],
    ]);
  });

  it('draws a hop within one node as a loop', () => {
    const layout = graphLayout([hop('orders', 'orders', 3)], ['orders'], 300);
    expect(layout.nodes).toEqual([{ id: 'orders', x: 150, y: 34, label: 'orders' }]);
    expect(layout.edges[0]!.loop).toBe(true);
  });
});

describe('formatLatency', () => {
  it('picks the unit by size', () => {
    expect([
      formatLatency(850),
      formatLatency(12_400),
      formatLatency(312_000),
      formatLatency(-40),
    ]).toEqual(['850 ms', '12.4 s', '5.2 min', '-40 ms']);
  });
});
