import type { MetricFrame, Series, SliDef, Workbook } from '../contract.ts';
import type { MetricContext, MetricSpec } from '../metrics/index.ts';
import { metricAlert, metricStepMs, NO_ALERT } from '../workbook/compile-metric.ts';
import { displayOrder } from '../workbook/display-order.ts';
import {
  metricSeriesOf,
  seriesSpan,
  sliMinutes,
  type SeriesSamples,
  type SeriesSpan,
} from './series-file.ts';

/**
 * A series file as the engine's source: the workbook's metrics and SLIs the file has series
 * for, laid on their grids over the file's span, in place of metrics computed from records. A
 * frame at replay time `t` holds the samples at or before `t`, which is what a replay knows then.
 */
export interface SeriesStore {
  span: SeriesSpan;
  /** the metrics found, in display order, as specs with no SQL (the engine never runs it) */
  specs: MetricSpec[];
  slis: { def: SliDef; spec: MetricSpec }[];
  /** metric or SLI id → its series on the grid (an SLI: its one minute series) */
  series: Map<string, Series[]>;
  /** the workbook's metrics and SLIs the file has no series of, with the reason */
  unavailable: { id: string; reason: string }[];
  /** every sample time, sorted and distinct: what a replay of the series delivers */
  times: Float64Array;
  /** samples in the file */
  samples: number;
}

/**
 * Lays the samples of a series file on the workbook's grids (see `SeriesStore`). Throws when the
 * file holds no sample of the workbook's metrics, unless `orEmpty`: then none is computed and
 * the span is the file's first to last sample (a workbook loaded over an open series file).
 */
export function seriesStore(wb: Workbook, samples: SeriesSamples, orEmpty = false): SeriesStore {
  const span = orEmpty ? spanOrAll(wb, samples) : seriesSpan(wb, samples, {});
  const series = new Map<string, Series[]>();
  const specs: MetricSpec[] = [];
  const unavailable: SeriesStore['unavailable'] = [];
  for (const def of displayOrder(wb)) {
    const found = samples.get(def.id);
    if (!found) {
      unavailable.push({ id: def.id, reason: `the series file has no series of metric ${def.id}` });
      continue;
    }
    series.set(def.id, metricSeriesOf(def, found, span));
    const instants = def.kind === 'state_duration' || (def.kind === 'sql' && def.window === null);
    specs.push(
      noSql({
        id: def.id,
        title: def.title,
        unit: def.unit,
        stepMs: metricStepMs(def),
        description: def.description,
        alert: metricAlert(wb, def.id),
        requires: {},
        sampling: instants ? 'instant' : 'window',
        missing: def.missing,
        asOf: 'native',
      }),
    );
  }
  const slis: SeriesStore['slis'] = [];
  for (const def of wb.slis) {
    const found = samples.get(def.id);
    const first = found ? [...found][0] : undefined;
    if (!first) {
      unavailable.push({ id: def.id, reason: `the series file has no series of SLI ${def.id}` });
      continue;
    }
    series.set(def.id, [sliMinutes(first[0], first[1], span)]);
    slis.push({
      def,
      spec: noSql({
        id: def.id,
        title: def.title,
        unit: 'bad minute',
        stepMs: 60_000,
        description: def.description,
        alert: { ...NO_ALERT },
        requires: {},
        sampling: 'window',
        missing: NaN,
        asOf: 'native',
      }),
    });
  }
  const times = new Set<number>();
  let count = 0;
  for (const bySeries of samples.values()) {
    for (const list of bySeries.values()) {
      for (const [t] of list) if (t <= span.end) times.add(t);
      count += list.length;
    }
  }
  return {
    span,
    specs,
    slis,
    series,
    unavailable,
    times: Float64Array.from([...times].sort((a, b) => a - b)),
    samples: count,
  };
}

function spanOrAll(wb: Workbook, samples: SeriesSamples): SeriesSpan {
  try {
    return seriesSpan(wb, samples, {});
  } catch {
    const times = [...samples.values()].flatMap((m) => [...m.values()].flat().map(([t]) => t));
    return { start: Math.min(...times), end: Math.max(...times) };
  }
}

function noSql(spec: Omit<MetricSpec, 'sql'>): MetricSpec {
  return {
    ...spec,
    sql: () => {
      throw new Error(`${spec.id} comes from a series file: it has no SQL`);
    },
  };
}

/** A metric's (or SLI's) frame at `ctx` from the store: its samples at or before `ctx.time`. */
export function seriesFrame(store: SeriesStore, spec: MetricSpec, ctx: MetricContext): MetricFrame {
  const all = store.series.get(spec.id) ?? [];
  return {
    id: spec.id,
    series: all.map((s) => {
      let n = 0;
      while (n < s.times.length && s.times[n]! <= ctx.time) n++;
      return { label: s.label, times: s.times.slice(0, n), values: s.values.slice(0, n) };
    }),
    late: 0,
  };
}
