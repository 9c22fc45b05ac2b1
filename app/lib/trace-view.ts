import type { TraceDetail, TraceHop } from '../../engine/index.ts';

/** One bar of a trace waterfall: where it starts and how wide, as fractions of the trace's span. */
export interface WaterfallBar {
  index: number;
  /** 0..1 from the trace's start */
  left: number;
  /** 0..1 of the trace's length; a zero-length hop gets none (drawn as a tick) */
  width: number;
}

/**
 * A waterfall's bars: each record's bar covers the hop into it (from the key's previous record,
 * the record's own time for the first), over `spanMs` (at least the trace's length, so two
 * traces side by side can share one scale).
 */
export function waterfallBars(t: TraceDetail, spanMs = t.durationMs): WaterfallBar[] {
  const total = Math.max(spanMs, 1);
  return t.spans.map((s, index) => {
    const hop = s.hopMs ?? 0;
    const from = hop >= 0 ? s.time - hop : s.time;
    return { index, left: (from - t.start) / total, width: Math.abs(hop) / total };
  });
}

/** An edge of the topic graph: one hop end pair with its numbers. */
export interface GraphEdge {
  from: string;
  to: string;
  count: number;
  p95Ms: number;
  breakRate: number;
  /** see `TraceHop.latencyMeasurable` */
  measurable: boolean;
}

/** Node positions of the graph: one column per topic, a topic's steps down its column. */
export interface GraphLayout {
  nodes: { id: string; x: number; y: number; label: string }[];
  edges: (GraphEdge & { loop: boolean; x1: number; y1: number; x2: number; y2: number })[];
  width: number;
  height: number;
}

const ROW = 42;
const TOP = 34;

/**
 * Lays the hop ends out in one column per topic, in flow order (`order`: the topics), a topic's
 * steps (`topic:stage`) down its column in the order hops take them; each hop is an edge from
 * one end to the other, a hop within one end a loop.
 */
export function graphLayout(
  hops: readonly TraceHop[],
  order: readonly string[],
  width: number,
): GraphLayout {
  const topicOf = (node: string) => {
    const i = node.indexOf(':');
    return i < 0 ? node : node.slice(0, i);
  };
  const seen: string[] = [];
  for (const h of hops) for (const n of [h.from, h.to]) if (!seen.includes(n)) seen.push(n);
  const topics = [...new Set(seen.map(topicOf))].sort((a, b) => {
    const ra = order.indexOf(a);
    const rb = order.indexOf(b);
    return (ra < 0 ? order.length : ra) - (rb < 0 ? order.length : rb);
  });
  // Within a topic, a node comes after those its hops mostly come from (a lifecycle's order).
  const depth = stepDepths(hops, seen);
  const column = (t: string) =>
    seen
      .filter((n) => topicOf(n) === t)
      .sort((a, b) => depth.get(a)! - depth.get(b)! || seen.indexOf(a) - seen.indexOf(b));
  const margin = 110;
  // a loop rises above its node: room for it and its label under the topic names
  const top = TOP + (hops.some((h) => h.from === h.to) ? 28 : 0);
  const step = topics.length > 1 ? (width - 2 * margin) / (topics.length - 1) : 0;
  const nodes = topics.flatMap((t, c) =>
    column(t).map((id, r) => ({
      id,
      x: topics.length > 1 ? margin + c * step : width / 2,
      y: top + r * ROW,
      label: id.includes(':') ? id.slice(id.indexOf(':') + 1) : id,
    })),
  );
  const at = new Map(nodes.map((n) => [n.id, n]));
  const edges = hops.map((h) => {
    const a = at.get(h.from)!;
    const b = at.get(h.to)!;
    return {
      from: h.from,
      to: h.to,
      count: h.count,
      p95Ms: h.p95Ms,
      breakRate: h.breakRate,
      measurable: h.latencyMeasurable,
      loop: h.from === h.to,
      x1: a.x,
      y1: a.y,
      x2: b.x,
      y2: b.y,
    };
  });
  const rows = Math.max(1, ...topics.map((t) => column(t).length));
  return { nodes, edges, width, height: top + (rows - 1) * ROW + 34 };
}

/** One laid-out edge of the graph. */
export type LaidEdge = GraphLayout['edges'][number];

interface Pt {
  x: number;
  y: number;
}

/**
 * An edge's curve as one cubic Bézier (start, two controls, end): a loop above its node, a side
 * bulge within a column (left going down, right going up), an S-curve across columns.
 */
export function edgeCurve(e: LaidEdge): [Pt, Pt, Pt, Pt] {
  if (e.loop) {
    return [
      { x: e.x1 - 7, y: e.y1 - 6 },
      { x: e.x1 - 26, y: e.y1 - 34 },
      { x: e.x1 + 26, y: e.y1 - 34 },
      { x: e.x1 + 7, y: e.y1 - 6 },
    ];
  }
  const p0 = { x: e.x1, y: e.y1 };
  const p3 = { x: e.x2, y: e.y2 };
  if (e.x1 === e.x2) {
    const bulge = (e.y2 > e.y1 ? 1 : -1) * (18 + Math.abs(e.y2 - e.y1) * 0.15);
    const c = { x: e.x1 - bulge, y: (e.y1 + e.y2) / 2 };
    // the quadratic through `c`, as a cubic
    const towards = (p: Pt) => ({ x: p.x + ((c.x - p.x) * 2) / 3, y: p.y + ((c.y - p.y) * 2) / 3 });
    return [p0, towards(p0), towards(p3), p3];
  }
  const mx = (e.x1 + e.x2) / 2;
  return [p0, { x: mx, y: e.y1 }, { x: mx, y: e.y2 }, p3];
}

/** The SVG path of `edgeCurve`. */
export function edgePath(e: LaidEdge): string {
  const [a, b, c, d] = edgeCurve(e);
  return `M ${a.x} ${a.y} C ${b.x} ${b.y}, ${c.x} ${c.y}, ${d.x} ${d.y}`;
}

function curvePoint([a, b, c, d]: [Pt, Pt, Pt, Pt], t: number): Pt {
  const u = 1 - t;
  const at = (k: 'x' | 'y') =>
    u * u * u * a[k] + 3 * u * u * t * b[k] + 3 * u * t * t * c[k] + t * t * t * d[k];
  return { x: at('x'), y: at('y') };
}

/** An axis-aligned box in graph units. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const boxesIntersect = (a: Box, b: Box): boolean =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * A placed edge label: its text, its anchor point (baseline; the text starts, ends or is centred
 * there, towards the edge, as the estimated box may be wider than the text) and its box.
 */
export interface EdgeLabel {
  /** index into `GraphLayout.edges` */
  edge: number;
  /** the full `count · p95 · broken` line, for the tooltip and the side list */
  full: string;
  /** what is drawn: the full line, or a shorter one where that would not fit; null: none fits */
  text: string | null;
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  box: Box | null;
}

/** Text widths by estimate (no DOM): edge labels at 8.5px, node labels (capitals) at 9px. */
export const EDGE_CHAR_W = 5.1;
export const NODE_CHAR_W = 6.6;
const LABEL_H = 11;
/** the band of the topic names at the top */
const HEADER_H = 16;

const pct = (x: number) => `${(x * 100).toFixed(x > 0 && x < 0.01 ? 2 : 1)}%`;

/** An edge's label lines, longest first: `6523 · p95 1.4 s · 2.0% broken`, then shorter ones. */
export function edgeLabelTexts(e: GraphEdge): string[] {
  const broken = e.breakRate > 0 ? ` · ${pct(e.breakRate)} broken` : '';
  const full = `${e.count} · ${e.measurable ? `p95 ${formatLatency(e.p95Ms)}` : 'latency n/m'}${broken}`;
  const texts = [full];
  if (e.breakRate > 0) texts.push(`${e.count} · ${pct(e.breakRate)} broken`);
  texts.push(String(e.count));
  return [...new Set(texts)];
}

/** The boxes the graph's nodes take: each dot and its label (up and to the right of it). */
export function nodeBoxes(layout: GraphLayout): Box[] {
  return layout.nodes.flatMap((n) => [
    { x: n.x - 7, y: n.y - 7, w: 14, h: 14 },
    { x: n.x + 8, y: n.y - 16, w: n.label.length * NODE_CHAR_W + 2, h: 11 },
  ]);
}

/**
 * Places each edge's label on its curve where it overlaps no node, node label or other edge
 * label, and stays inside the graph: broken hops first, then the busiest. For each edge it tries
 * points along the curve from the middle outwards, beside the point on the bulge's side first,
 * then above and below; if the full line fits nowhere, a shorter one (count and broken share, then
 * the count alone); if none fits, the edge gets no label (its numbers stay in the tooltip and the
 * hops table).
 */
export function placeEdgeLabels(layout: GraphLayout): EdgeLabel[] {
  const taken = nodeBoxes(layout);
  const ts = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82];
  const order = layout.edges
    .map((e, i) => i)
    .sort(
      (a, b) =>
        Number(layout.edges[b]!.breakRate > 0) - Number(layout.edges[a]!.breakRate > 0) ||
        layout.edges[b]!.count - layout.edges[a]!.count ||
        a - b,
    );
  const placed = new Map<number, EdgeLabel>();
  const fits = (b: Box) =>
    b.x >= 0 &&
    b.x + b.w <= layout.width &&
    b.y >= HEADER_H &&
    b.y + b.h <= layout.height &&
    !taken.some((t) => boxesIntersect(b, t));
  for (const i of order) {
    const e = layout.edges[i]!;
    const curve = edgeCurve(e);
    const texts = edgeLabelTexts(e);
    const leftFirst = !e.loop && e.x1 === e.x2 ? e.y2 > e.y1 : false;
    let found: EdgeLabel | null = null;
    for (const text of texts) {
      const w = text.length * EDGE_CHAR_W;
      const h = LABEL_H;
      for (const t of ts) {
        const p = curvePoint(curve, t);
        const left = { x: p.x - 4 - w, y: p.y - h / 2, w, h };
        const right = { x: p.x + 4, y: p.y - h / 2, w, h };
        const above = { x: p.x - w / 2, y: p.y - h - 3, w, h };
        const below = { x: p.x - w / 2, y: p.y + 3, w, h };
        const sides =
          e.loop || e.x1 !== e.x2
            ? [above, below, left, right]
            : leftFirst
              ? [left, above, below, right]
              : [right, above, below, left];
        const box = sides.find(fits);
        if (box) {
          const [x, anchor] =
            box === left
              ? [box.x + box.w - 1, 'end' as const]
              : box === right
                ? [box.x + 1, 'start' as const]
                : [box.x + box.w / 2, 'middle' as const];
          found = { edge: i, full: texts[0]!, text, x, y: box.y + 8.5, anchor, box };
          break;
        }
      }
      if (found) break;
    }
    found ??= { edge: i, full: texts[0]!, text: null, x: 0, y: 0, anchor: 'start', box: null };
    if (found.box) taken.push(found.box);
    placed.set(i, found);
  }
  return layout.edges.map((_, i) => placed.get(i)!);
}

/**
 * Each hop end's depth: the longest chain of hops leading to it, following each pair of ends in
 * its busier direction only (so a retry loop does not count), at most one per end.
 */
function stepDepths(hops: readonly TraceHop[], nodes: readonly string[]): Map<string, number> {
  const count = (a: string, b: string) =>
    hops.reduce((n, h) => n + (h.from === a && h.to === b ? h.count : 0), 0);
  const forward = hops.filter((h) => h.from !== h.to && count(h.from, h.to) > count(h.to, h.from));
  const depth = new Map(nodes.map((n) => [n, 0]));
  for (let round = 0; round < nodes.length; round++) {
    for (const h of forward) {
      depth.set(h.to, Math.max(depth.get(h.to)!, Math.min(depth.get(h.from)! + 1, nodes.length)));
    }
  }
  return depth;
}

/** A latency in ms for people: `850 ms`, `12.4 s`, `5.2 min`. */
export function formatLatency(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const a = Math.abs(ms);
  if (a < 1000) return `${Math.round(ms)} ms`;
  if (a < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (a < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
