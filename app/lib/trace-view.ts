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
  const step = topics.length > 1 ? (width - 2 * margin) / (topics.length - 1) : 0;
  const nodes = topics.flatMap((t, c) =>
    column(t).map((id, r) => ({
      id,
      x: topics.length > 1 ? margin + c * step : width / 2,
      y: TOP + r * ROW,
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
  return { nodes, edges, width, height: TOP + (rows - 1) * ROW + 34 };
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
