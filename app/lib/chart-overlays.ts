import type uPlot from 'uplot';
import type { FiringInterval, SystemEvent } from '../../engine/index.ts';
import type { Incident } from '../../formats/index.ts';
import { firingUnion } from './firing.ts';
import { CURSOR_COLOR, FIRING_FILL, THRESHOLD_COLOR, incidentColor, withAlpha } from './palette.ts';
import { eventColor } from './system-event-marks.ts';

/** What a chart draws over its lines; read at every redraw, so edits show on `redraw()`. */
export interface ChartOverlay {
  /** the alert threshold, drawn as a horizontal dashed line */
  threshold: number | null;
  /** shaded full-height; an open interval (null end) reaches to `now` */
  firing: readonly FiringInterval[];
  /** translucent bands in their kind's color */
  incidents: readonly Incident[];
  /** the replay time: the cursor, the end of open firing intervals, where the open window is */
  now: number;
  /** system events known at the replay time: a dotted line each, in its type's color */
  events?: readonly SystemEvent[];
  /** spans where the rule cannot fire yet (an anomaly rule's warm-up): grey, labelled */
  spans?: readonly { start: number; end: number; label: string }[];
}

/** The fill and label color of `ChartOverlay.spans`. */
const SPAN_FILL = 'rgba(134, 142, 150, 0.16)';
const SPAN_TEXT = '#495057';

/** Laid over the open window so its line looks lighter: its value is partial (light background). */
const PARTIAL_VEIL = 'rgba(255, 255, 255, 0.6)';
const PARTIAL_TEXT = '#5c636a';

/**
 * The open window of a chart's sample times `xs` (ascending) as of the replay time `now`: a
 * windowed metric's last sample is stamped at the end of the window holding `now`, after it,
 * with the partial value so far. From the last sample at or before `now` (the last finished
 * window's end; `now` if there is none) to that last sample; null when no sample is after `now`
 * (every window drawn is finished, or the metric samples at instants).
 */
export function openWindowSpan(
  xs: ArrayLike<number>,
  now: number,
): { start: number; end: number } | null {
  const n = xs.length;
  if (n === 0 || !(xs[n - 1]! > now)) return null;
  let i = n - 1;
  while (i >= 0 && xs[i]! > now) i--;
  return { start: i >= 0 ? xs[i]! : now, end: xs[n - 1]! };
}

/** A horizontal span in canvas pixels, cut to the plot area; null when it falls outside. */
function span(u: uPlot, from: number, to: number): { x: number; w: number } | null {
  const left = u.bbox.left;
  const right = left + u.bbox.width;
  const x0 = Math.max(left, u.valToPos(from, 'x', true));
  const x1 = Math.min(right, u.valToPos(to, 'x', true));
  return x1 > x0 ? { x: x0, w: Math.max(1, x1 - x0) } : null;
}

function drawUnder(u: uPlot, o: ChartOverlay): void {
  const { ctx, bbox } = u;
  const dpr = devicePixelRatio || 1;
  ctx.save();
  for (const inc of o.incidents) {
    const s = span(u, inc.start, inc.end);
    if (!s) continue;
    const color = incidentColor(inc.kind);
    ctx.fillStyle = withAlpha(color, 0.1);
    ctx.fillRect(s.x, bbox.top, s.w, bbox.height);
    ctx.fillStyle = withAlpha(color, 0.85);
    ctx.fillRect(s.x, bbox.top, s.w, 3 * dpr);
    if (s.w > 60 * dpr) {
      ctx.font = `${10 * dpr}px system-ui, sans-serif`;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      ctx.fillText(inc.kind, s.x + 4 * dpr, bbox.top + 6 * dpr);
    }
  }
  for (const sp of o.spans ?? []) {
    const s = span(u, sp.start, sp.end);
    if (!s) continue;
    ctx.fillStyle = SPAN_FILL;
    ctx.fillRect(s.x, bbox.top, s.w, bbox.height);
    if (s.w > 40 * dpr) {
      ctx.font = `${10 * dpr}px system-ui, sans-serif`;
      ctx.fillStyle = SPAN_TEXT;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'bottom';
      ctx.fillText(sp.label, s.x + 4 * dpr, bbox.top + bbox.height - 4 * dpr);
    }
  }
  ctx.fillStyle = FIRING_FILL;
  for (const f of firingUnion(o.firing, o.now)) {
    const s = span(u, f.start, f.end);
    if (s) ctx.fillRect(s.x, bbox.top, s.w, bbox.height);
  }
  ctx.lineWidth = 1 * dpr;
  ctx.setLineDash([2 * dpr, 3 * dpr]);
  for (const e of o.events ?? []) {
    const x = Math.round(u.valToPos(e.time, 'x', true)) + 0.5;
    if (x < bbox.left || x > bbox.left + bbox.width) continue;
    ctx.strokeStyle = withAlpha(eventColor(e.type), 0.8);
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
  }
  ctx.restore();
}

/** Lightens the open window's stretch of the lines and labels it `partial`. */
function drawOpenWindow(u: uPlot, o: ChartOverlay): void {
  const open = openWindowSpan(u.data[0] ?? [], o.now);
  const s = open && span(u, open.start, open.end);
  if (!s) return;
  const { ctx, bbox } = u;
  const dpr = devicePixelRatio || 1;
  ctx.fillStyle = PARTIAL_VEIL;
  ctx.fillRect(s.x, bbox.top, s.w, bbox.height);
  ctx.font = `${10 * dpr}px system-ui, sans-serif`;
  ctx.fillStyle = PARTIAL_TEXT;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'bottom';
  // In the band above the plot (chart-options.ts pads it), clear of the lines: right-aligned to
  // the window's end, but never out of the plot when that end is near its left.
  const right = Math.min(s.x + s.w, bbox.left + bbox.width) - 2 * dpr;
  const least = bbox.left + ctx.measureText('partial').width + 2 * dpr;
  ctx.fillText('partial', Math.max(right, least), bbox.top - 4 * dpr);
}

function drawOver(u: uPlot, o: ChartOverlay): void {
  const { ctx, bbox } = u;
  const dpr = devicePixelRatio || 1;
  ctx.save();
  drawOpenWindow(u, o);
  if (o.threshold !== null && Number.isFinite(o.threshold)) {
    const y = Math.round(u.valToPos(o.threshold, 'y', true)) + 0.5;
    if (y >= bbox.top && y <= bbox.top + bbox.height) {
      ctx.strokeStyle = THRESHOLD_COLOR;
      ctx.lineWidth = 1.25 * dpr;
      ctx.setLineDash([6 * dpr, 4 * dpr]);
      ctx.beginPath();
      ctx.moveTo(bbox.left, y);
      ctx.lineTo(bbox.left + bbox.width, y);
      ctx.stroke();
    }
  }
  const x = Math.round(u.valToPos(o.now, 'x', true)) + 0.5;
  if (x >= bbox.left && x <= bbox.left + bbox.width) {
    ctx.strokeStyle = CURSOR_COLOR;
    ctx.lineWidth = 1 * dpr;
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
  }
  ctx.restore();
}

/**
 * A uPlot plugin drawing incidents and firing intervals under the lines, and over them the open
 * window (lightened, labelled `partial`: see `openWindowSpan`), the threshold and the replay
 * cursor. `overlay` is read at every redraw.
 */
export function overlayPlugin(overlay: () => ChartOverlay): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u) => drawUnder(u, overlay()),
      draw: (u) => drawOver(u, overlay()),
    },
  };
}
