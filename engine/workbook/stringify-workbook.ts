import { stringify } from 'yaml';
import { formatDuration } from '../../formats/index.ts';
import type {
  AggregateTerm,
  AlertRuleDef,
  MetricDef,
  SliDef,
  WindowDef,
  Workbook,
} from '../contract.ts';

type Plain = Record<string, unknown>;

/**
 * A workbook as YAML in the file format (`parseWorkbook(stringifyWorkbook(wb))` gives `wb`
 * back). Comments of the original file are not kept: to download what was loaded, use the
 * original text (`Engine.getWorkbook`).
 */
export function stringifyWorkbook(wb: Workbook): string {
  const file: Plain = {
    name: wb.name,
    description: wb.description || undefined,
    options: {
      grace: formatDuration(wb.options.graceMs),
      max_series_per_rule: wb.options.maxSeriesPerRule,
    },
    metrics: wb.metrics.map(metric),
    slis: wb.slis.map(sli),
    alerts: wb.alerts.map((a) => alert(a, wb.options.maxSeriesPerRule)),
    incidents: wb.incidents.map((i) => ({
      id: i.id,
      kind: i.kind,
      start: new Date(i.start).toISOString(),
      end: new Date(i.end).toISOString(),
      scope: i.scope,
      description: i.description || undefined,
    })),
    backtest: {
      tolerance: {
        before: formatDuration(wb.backtest.toleranceBeforeMs),
        after: formatDuration(wb.backtest.toleranceAfterMs),
      },
      flap: formatDuration(wb.backtest.flapMs),
    },
    charts: wb.charts,
    events: wb.events ? { ...wb.events, source: wb.events.source ?? undefined } : undefined,
    stages: wb.stages ?? undefined,
    dimensions: wb.dimensions.length ? wb.dimensions : undefined,
    filters: wb.filters.length
      ? wb.filters.map((f) => ({
          name: f.name,
          topic: f.topic ?? undefined,
          text: f.text ?? undefined,
          where: f.where.length ? f.where : undefined,
        }))
      : undefined,
  };
  return stringify(file, { lineWidth: 100 });
}

function window(w: WindowDef): Plain {
  return w.hopMs === w.sizeMs
    ? { size: formatDuration(w.sizeMs) }
    : { size: formatDuration(w.sizeMs), hop: formatDuration(w.hopMs) };
}

function term(t: AggregateTerm): Plain {
  return {
    field: t.field ?? undefined,
    expr: t.expr ?? undefined,
    q: t.q ?? undefined,
    filter: t.filter ?? undefined,
  };
}

function metric(m: MetricDef): Plain {
  const shown = {
    id: m.id,
    title: m.title,
    unit: m.unit,
    description: m.description || undefined,
    missing: m.missing,
  };
  switch (m.kind) {
    case 'aggregate':
      return {
        ...shown,
        kind: m.fn,
        topic: m.topic,
        ...term(m),
        by: m.by,
        label: m.label,
        window: window(m.window),
      };
    case 'ratio':
      return {
        ...shown,
        kind: 'ratio',
        topic: m.topic,
        filter: m.filter ?? undefined,
        numerator: { kind: m.numerator.fn, topic: m.numerator.topic, ...term(m.numerator) },
        denominator: { kind: m.denominator.fn, topic: m.denominator.topic, ...term(m.denominator) },
        by: m.by,
        label: m.label,
        window: window(m.window),
      };
    case 'state_duration':
      return {
        ...shown,
        kind: 'state_duration',
        topic: m.topic,
        key: m.key,
        state: m.state,
        values: m.values,
        filter: m.filter ?? undefined,
        every: formatDuration(m.everyMs),
      };
    case 'latency': {
      const end = (e: typeof m.from) => ({
        topic: e.topic,
        key: e.key,
        filter: e.filter ?? undefined,
      });
      return {
        ...shown,
        kind: 'latency',
        from: end(m.from),
        to: end(m.to),
        stats: m.stats,
        by: m.by,
        label: m.label,
        window: window(m.window),
      };
    }
    case 'sql':
      return {
        ...shown,
        kind: 'sql',
        sql: m.sql,
        window: m.window ? window(m.window) : undefined,
        every: m.everyMs === null ? undefined : formatDuration(m.everyMs),
        label: m.label,
        final_only: m.finalOnly || undefined,
        lookback: m.lookbackMs === null ? undefined : formatDuration(m.lookbackMs),
      };
    case 'trace':
      return {
        ...shown,
        kind: 'trace',
        measure: m.measure,
        stat: m.measure === 'hop_latency' ? m.stat : undefined,
        key: m.key,
        topics: m.topics,
        stage: m.stage ?? undefined,
        window: window(m.window),
        lookback: formatDuration(m.lookbackMs),
      };
  }
}

function sli(s: SliDef): Plain {
  return {
    id: s.id,
    title: s.title,
    description: s.description || undefined,
    topic: s.topic,
    bad: s.bad ?? undefined,
    good: s.good ?? undefined,
    total: s.total ?? undefined,
    objective: s.objective,
    period: formatDuration(s.periodMs),
    no_data: s.noData,
  };
}

function alert(a: AlertRuleDef, defaultMaxSeries: number): Plain {
  const shared = {
    id: a.id,
    title: a.title,
    description: a.description || undefined,
    severity: a.severity,
    catches: a.catches,
    scored: a.scored === false ? false : undefined,
    scope: a.scope ?? undefined,
    max_series: a.maxSeries === defaultMaxSeries ? undefined : a.maxSeries,
    tolerance: a.tolerance && {
      before: a.tolerance.beforeMs === undefined ? undefined : formatDuration(a.tolerance.beforeMs),
      after: a.tolerance.afterMs === undefined ? undefined : formatDuration(a.tolerance.afterMs),
    },
  };
  switch (a.kind) {
    case 'threshold':
      return {
        ...shared,
        kind: 'threshold',
        metric: a.metric,
        op: a.op,
        value: a.value,
        for: formatDuration(a.forMs),
        keep_firing_for: formatDuration(a.keepFiringForMs),
        every: a.everyMs === null ? undefined : formatDuration(a.everyMs),
      };
    case 'burn_rate':
      return {
        ...shared,
        kind: 'burn_rate',
        sli: a.sli,
        pairs: a.pairs.map((p) => ({
          name: p.name,
          long: formatDuration(p.longMinutes * 60_000),
          short: formatDuration(p.shortMinutes * 60_000),
          factor: p.factor,
          severity: p.severity,
        })),
        full_windows_only: a.fullWindowsOnly,
      };
    case 'anomaly':
      return {
        ...shared,
        kind: 'anomaly',
        metric: a.metric,
        k: a.k,
        direction: a.direction,
        window: formatDuration(a.windowMs),
        seasonal: a.seasonal
          ? { period: formatDuration(a.seasonal.periodMs), periods: a.seasonal.periods }
          : undefined,
        min_points: a.minPoints ?? undefined,
        min_std: a.minStd,
        baseline: a.baseline,
        min_deviation: a.minDeviation,
        min_relative_deviation: a.minRelativeDeviation,
        warm_up: formatDuration(a.warmUpMs),
        clear_k: a.clearK ?? undefined,
        for: formatDuration(a.forMs),
        keep_firing_for: formatDuration(a.keepFiringForMs),
        every: a.everyMs === null ? undefined : formatDuration(a.everyMs),
      };
  }
}
