import uPlot from 'uplot';
import type { MetricInfo } from '../../engine/index.ts';
import {
  axisLabel,
  formatInUnit,
  formatTick,
  formatUtcClock,
  formatUtcDate,
  SECOND_TICK_STEPS,
} from './format.ts';
import { overlayPlugin, type ChartOverlay } from './chart-overlays.ts';
import { seriesColor } from './palette.ts';
import type { TimeRange } from './replay-time.ts';

const AXIS_STROKE = '#5c636a';
const GRID_STROKE = '#eef0f3';
const AXIS_FONT = '11px system-ui, -apple-system, "Segoe UI", sans-serif';

/** The y range: from 0 (or the lowest value) to the highest value or the threshold, with headroom. */
export function valueRange(
  dataMin: number | null,
  dataMax: number | null,
  threshold: number | null,
): [number, number] {
  const candidates = [dataMax, threshold].filter(
    (v): v is number => v !== null && Number.isFinite(v),
  );
  const lo = Math.min(0, dataMin !== null && Number.isFinite(dataMin) ? dataMin : 0);
  const top = candidates.length > 0 ? Math.max(...candidates) : 1;
  const hi = top > lo ? lo + (top - lo) * 1.1 : lo + 1;
  return [lo, hi];
}

/** The last non-null value of a column, or null. */
function latest(column: uPlot.AlignedData[number] | undefined): number | null {
  if (!column) return null;
  for (let i = column.length - 1; i >= 0; i--) {
    const v = column[i];
    if (v !== null && v !== undefined) return v;
  }
  return null;
}

/**
 * A legend value away from the cursor: the series' latest value, marked `partial` when it is
 * stamped after the replay time `now` (the open window's value so far); `–` without one.
 */
export function latestLegendValue(
  xs: ArrayLike<number>,
  column: ArrayLike<number | null | undefined>,
  now: number,
  unit: string,
): string {
  for (let i = column.length - 1; i >= 0; i--) {
    const v = column[i];
    if (v === null || v === undefined) continue;
    return `${formatInUnit(v, unit)}${xs[i]! > now ? ' (partial)' : ''}`;
  }
  return '–';
}

/** What a metric chart is built from. */
export interface ChartSpec {
  info: MetricInfo;
  /** series labels, in data column order */
  labels: readonly string[];
  /** the whole source: the x range stays fixed so the picture doesn't jump while playing */
  range: TimeRange;
  width: number;
  height: number;
  overlay: () => ChartOverlay;
  /** a window brushed on the chart (drag across it), in ms; without it dragging does nothing */
  onselect?: (from: number, to: number) => void;
  /** the x range shown when zoomed in (read at every redraw); `range` without it */
  view?: () => TimeRange | null;
  /** Shift+drag across the chart: zoom to `[from, to]` (ms); double-click: `onzoom(null)` */
  onzoom?: (window: TimeRange | null) => void;
  /** after every redraw (the event marks follow the x scale) */
  ondraw?: (u: uPlot) => void;
}

/** uPlot options for one metric chart: UTC time axis in ms, unit on the value axis, overlays. */
export function chartOptions(spec: ChartSpec): uPlot.Options {
  const { info, range } = spec;
  const unit = info.unit;
  let zooming = false;
  return {
    width: spec.width,
    height: spec.height,
    ms: 1,
    tzDate: (ts) => uPlot.tzDate(new Date(ts), 'Etc/UTC'),
    // The top band holds the open window's `partial` label, above the lines (chart-overlays.ts);
    // the right one half of a time tick's label, for a tick at the source's end (`02:00`).
    padding: [18, 20, 0, 0],
    cursor: {
      drag: {
        x: spec.onselect !== undefined || spec.onzoom !== undefined,
        y: false,
        setScale: false,
      },
      points: { size: 6 },
    },
    legend: {
      show: true,
      live: true,
      markers: { width: 0, fill: (_u, i) => (i > 0 ? seriesColor(i - 1) : 'transparent') },
    },
    scales: {
      x: {
        time: true,
        range: () => {
          const v = spec.view?.() ?? range;
          return [v.start, v.end];
        },
      },
      y: {
        range: (_u, min, max) => valueRange(min, max, spec.overlay().threshold),
      },
    },
    axes: [
      {
        stroke: AXIS_STROKE,
        font: AXIS_FONT,
        grid: { stroke: GRID_STROKE, width: 1 },
        ticks: { stroke: GRID_STROKE, width: 1, size: 4 },
        values: [
          // [min tick increment (s·ms), format, …]: hours and minutes, the date at day starts.
          [3_600_000, '{HH}:{mm}', '\n{YYYY}-{MM}-{DD}', null, '\n{MM}-{DD}', null, null, null, 1],
          [60_000, '{HH}:{mm}', '\n{YYYY}-{MM}-{DD}', null, '\n{MM}-{DD}', null, null, null, 1],
          [1_000, '{HH}:{mm}:{ss}', '\n{YYYY}-{MM}-{DD}', null, null, null, null, null, 1],
        ],
      },
      {
        stroke: AXIS_STROKE,
        font: AXIS_FONT,
        label: axisLabel(unit),
        labelFont: AXIS_FONT,
        labelSize: 16,
        size: 52,
        grid: { stroke: GRID_STROKE, width: 1 },
        ticks: { show: false },
        ...(unit === 's' ? { incrs: SECOND_TICK_STEPS } : {}),
        values: (_u, splits) => splits.map((v) => formatTick(v, unit)),
      },
    ],
    // Away from the cursor, the legend shows the latest values: those at the replay time (an
    // open window's marked partial).
    series: [
      {
        label: 'UTC',
        value: (u, v, _i, idx) => {
          const t = idx === null ? latest(u.data[0]) : v;
          return t === null ? '–' : `${formatUtcDate(t)} ${formatUtcClock(t)}`;
        },
      },
      ...spec.labels.map((label, i) => ({
        label,
        stroke: seriesColor(i),
        width: 1.5,
        points: { show: false },
        spanGaps: false,
        value: (u: uPlot, v: number | null, si: number, idx: number | null) => {
          if (idx === null) {
            return latestLegendValue(u.data[0], u.data[si] ?? [], spec.overlay().now, unit);
          }
          const x = u.data[0][idx];
          const partial = x !== undefined && x > spec.overlay().now;
          return v === null ? '–' : `${formatInUnit(v, unit)}${partial ? ' (partial)' : ''}`;
        },
      })),
    ],
    plugins: [overlayPlugin(spec.overlay)],
    hooks: {
      ready: [
        (u) => {
          // uPlot's drag carries no modifier keys: remember Shift from the press that starts it.
          u.over.addEventListener('mousedown', (e) => (zooming = e.shiftKey));
          u.over.addEventListener('dblclick', () => spec.onzoom?.(null));
        },
      ],
      setSelect: [
        (u) => {
          const { left, width } = u.select;
          if (width < 3) return;
          const from = u.posToVal(left, 'x');
          const to = u.posToVal(left + width, 'x');
          if (zooming && spec.onzoom) {
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            spec.onzoom({ start: from, end: to });
          } else spec.onselect?.(from, to);
        },
      ],
      draw: [(u) => spec.ondraw?.(u)],
    },
  };
}
