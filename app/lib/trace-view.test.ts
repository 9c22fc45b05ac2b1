import { describe, expect, it } from 'vitest';
import type { TraceDetail, TraceHop } from '../../engine/index.ts';
import {
  boxesIntersect,
  formatLatency,
  graphLayout,
  nodeBoxes,
  placeEdgeLabels,
  waterfallBars,
} from './trace-view.ts';

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

  it('draws a hop within one node as a loop, with room above it', () => {
    const layout = graphLayout([hop('orders', 'orders', 3)], ['orders'], 300);
    expect(layout.nodes).toEqual([{ id: 'orders', x: 150, y: 62, label: 'orders' }]);
    expect(layout.edges[0]!.loop).toBe(true);
  });
});

describe('placeEdgeLabels', () => {
  // the kitchen scenario's hops with stage field `status` (as `tapedeck traces --stage status`)
  const kitchen: [string, string, number, number, number][] = [
    ['payments:ATTEMPTED', 'payments:SUCCEEDED', 6523, 2134, 0],
    ['payments:SUCCEEDED', 'orders:PLACED', 6523, 1433, 0],
    ['orders:PLACED', 'orders:ACCEPTED', 6307, 57_340, 0],
    ['orders:ACCEPTED', 'orders:PREPARING', 6210, 226_027, 0],
    ['orders:READY', 'orders:PICKED_UP', 5455, 888_289, 0.448],
    ['orders:PREPARING', 'orders:READY', 5000, 2_089_439, 0],
    ['orders:PICKED_UP', 'orders:DELIVERED', 3930, 2_752_522, 0],
    ['payments:ATTEMPTED', 'payments:FAILED', 586, 27_446, 0],
    ['payments:FAILED', 'payments:ATTEMPTED', 420, 90_685, 0],
    ['orders:PLACED', 'orders:REJECTED', 186, 60_506, 0],
    ['orders:REJECTED', 'orders-rejected:REJECTED', 186, 0, 1],
    ['orders:ACCEPTED', 'orders:CANCELLED', 51, 167_840, 0],
    ['orders:PREPARING', 'orders:CANCELLED', 32, 426_640, 0],
    ['orders:PICKED_UP', 'orders:DELIVERY_FAILED', 22, 1_929_113, 0],
  ];
  // and without a stage field: one node per topic, loops within them
  const topicsOnly: [string, string, number, number, number][] = [
    ['orders', 'orders', 27_193, 2_204_752, 0.09],
    ['payments', 'payments', 7529, 23_318, 0],
    ['payments', 'orders', 6523, 1433, 0],
    ['orders', 'orders-rejected', 186, 0, 1],
  ];
  const hops = (rows: typeof kitchen): TraceHop[] =>
    rows.map(([from, to, count, p95Ms, breakRate]) => ({
      from,
      to,
      count,
      traced: count,
      p50Ms: p95Ms / 2,
      p95Ms,
      maxMs: p95Ms,
      latencyMeasurable: !to.startsWith('orders-rejected'),
      breaks: {},
      breakRate,
    }));

  for (const [name, rows] of [
    ['the kitchen flow by status', kitchen],
    ['the kitchen flow by topic', topicsOnly],
  ] as const) {
    it(`keeps every label of ${name} clear of the others, of the nodes and inside the graph`, () => {
      const layout = graphLayout(hops(rows), ['payments', 'orders', 'orders-rejected'], 480);
      const labels = placeEdgeLabels(layout);
      expect(labels).toHaveLength(rows.length);
      const boxes = labels.flatMap((l) => (l.box ? [l.box] : []));
      // every hop gets at least its count on the graph
      expect(boxes).toHaveLength(rows.length);
      for (const [i, a] of boxes.entries()) {
        expect(a.x).toBeGreaterThanOrEqual(0);
        expect(a.x + a.w).toBeLessThanOrEqual(layout.width);
        expect(a.y + a.h).toBeLessThanOrEqual(layout.height);
        for (const b of boxes.slice(i + 1)) expect(boxesIntersect(a, b)).toBe(false);
        for (const n of nodeBoxes(layout)) expect(boxesIntersect(a, n)).toBe(false);
      }
      // the broken hops show their broken share
      for (const l of labels) {
        if (layout.edges[l.edge]!.breakRate > 0) expect(l.text).toMatch(/% broken$/);
      }
      // and the full line is always there for the tooltip
      expect(labels[0]!.full).toMatch(/^\d+ · p95 /);
    });
  }

  it('shortens a label that does not fit whole, down to the count', () => {
    const layout = graphLayout(hops([['a', 'b', 123_456, 61_000, 0]]), ['a', 'b'], 90);
    const [label] = placeEdgeLabels(layout);
    expect(label!.full).toBe('123456 · p95 1.0 min');
    expect(label!.text).toBe('123456');
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
