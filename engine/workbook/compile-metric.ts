import { MINUTE_MS } from '../alerts/sli.ts';
import type { ThresholdRule } from '../contract.ts';
import {
  runningWindows,
  type MetricContext,
  type MetricSlice,
  type MetricSpec,
} from '../metrics/index.ts';
import {
  aggregateLateSql,
  aggregateMetricSql,
  aggregateRunningSql,
  ratioLateSql,
  ratioMetricSql,
  ratioRunningSql,
} from './compile-aggregate.ts';
import { latencyLateSql, latencyOpenWindows, latencySql } from './compile-latency.ts';
import { sliLateSql, sliRunningSql, sliSql } from './compile-sli.ts';
import { rawSqlColumnsProblem, rawSqlMetricSql, rawSqlTopics } from './compile-sql-metric.ts';
import { stateDurationLateSql, stateDurationSql } from './compile-state-duration.ts';
import { traceMetricSql } from '../traces/trace-metric.ts';
import type { MetricDef, SliDef, Workbook } from '../contract.ts';

/** What compiling a workbook metric needs to know about the loaded source. */
export interface CompileEnv {
  /** the source's topic tables, in any order */
  topics: readonly string[];
  /** topic → its table, where that is not the topic's own name (see `MetricContext.tables`) */
  tables?: ReadonlyMap<string, string>;
  /** how long after its end a window still accepts records (the workbook's `options.grace`) */
  graceMs: number;
  /** the output columns of a query (e.g. run with `LIMIT 0`); needed by `sql` metrics only */
  columnsOf?: (sql: string) => string[];
}

/** The rule drawn on a metric's chart when the workbook has no threshold rule on it: never fires. */
export const NO_ALERT: ThresholdRule = { op: '>', threshold: Number.POSITIVE_INFINITY, forMs: 0 };

/** The first threshold rule on metric `id`, as the chart's default rule (`MetricInfo.alert`). */
export function metricAlert(wb: Pick<Workbook, 'alerts'>, id: string): ThresholdRule {
  for (const a of wb.alerts) {
    if (a.kind === 'threshold' && a.metric === id) {
      return {
        op: a.op,
        threshold: a.value,
        forMs: a.forMs,
        keepFiringForMs: a.keepFiringForMs,
        everyMs: a.everyMs,
      };
    }
  }
  return { ...NO_ALERT };
}

/** Time between a metric's samples, ms (window hop, or evaluation interval). */
export function metricStepMs(def: MetricDef): number {
  switch (def.kind) {
    case 'state_duration':
      return def.everyMs;
    case 'sql':
      return def.window ? def.window.hopMs : def.everyMs!;
    case 'trace':
      return def.window.hopMs;
    default:
      return def.window.hopMs;
  }
}

/** The topic → field columns a metric names outright (filters and expressions are bound by DuckDB). */
function requires(def: MetricDef): Record<string, string[]> {
  const add = (out: Record<string, string[]>, topic: string, fields: string[]) => {
    out[topic] = [...new Set([...(out[topic] ?? []), ...fields])];
    return out;
  };
  switch (def.kind) {
    case 'aggregate':
      return add({}, def.topic, [...def.by, ...(def.field === null ? [] : [def.field])]);
    case 'ratio': {
      const out = add({}, def.numerator.topic, [
        ...def.by,
        ...(def.numerator.field ? [def.numerator.field] : []),
      ]);
      return add(out, def.denominator.topic, [
        ...def.by,
        ...(def.denominator.field ? [def.denominator.field] : []),
      ]);
    }
    case 'state_duration':
      return add({}, def.topic, [def.key, def.state]);
    case 'latency':
      return add(add({}, def.from.topic, [def.from.key]), def.to.topic, [def.to.key, ...def.by]);
    case 'sql':
      return {};
    case 'trace': {
      const fields = [...(def.key === '_key' ? [] : [def.key]), ...(def.stage ? [def.stage] : [])];
      return Object.fromEntries(def.topics.map((t) => [t, fields]));
    }
  }
}

/**
 * A workbook metric as a `MetricSpec` the engine runs every frame: rows `(label, t, value,
 * late)` under the same contract and late-record rules as the built-in metrics. Throws an Error
 * naming the metric when it cannot be compiled for this source (a `sql` metric whose columns
 * do not fit). `alert` is the chart's default rule (see `metricAlert`).
 */
export function compileMetric(
  def: MetricDef,
  env: CompileEnv,
  alert: ThresholdRule = NO_ALERT,
): MetricSpec {
  const withGrace = (ctx: MetricContext): MetricContext => ({
    ...ctx,
    graceMs: env.graceMs,
    tables: env.tables ?? ctx.tables,
  });
  let sql: (ctx: MetricContext) => string;
  // A hop or raw SQL is recomputed as of each sample time: those are run per frame (see
  // `AsOfRunner`).
  let slice: MetricSlice | undefined;
  // The topics the SQL reads: those a compiled kind names (a hop's SQL is left at any topic).
  let reads: readonly string[] | undefined =
    def.kind === 'trace'
      ? undefined
      : Object.keys(requires(def)).map((t) => env.tables?.get(t) ?? t);
  switch (def.kind) {
    case 'aggregate':
      sql = (ctx) => aggregateMetricSql(def, withGrace(ctx));
      slice = {
        lateSql: (ctx) => aggregateLateSql(def, withGrace(ctx)),
        windowMs: def.window.sizeMs,
        openWindows: (ctx, query) =>
          runningWindows(aggregateRunningSql(def, withGrace(ctx)), query),
      };
      break;
    case 'ratio':
      sql = (ctx) => ratioMetricSql(def, withGrace(ctx));
      slice = { lateSql: (ctx) => ratioLateSql(def, withGrace(ctx)), windowMs: def.window.sizeMs };
      // Both terms on one topic: one pass, so a running form (see `ratioRunningSql`).
      if (def.numerator.topic === def.denominator.topic) {
        slice.openWindows = (ctx, query) =>
          runningWindows(ratioRunningSql(def, withGrace(ctx)), query);
      }
      break;
    case 'state_duration':
      sql = (ctx) => stateDurationSql(def, withGrace(ctx));
      slice = { lateSql: (ctx) => stateDurationLateSql(def, withGrace(ctx)), windowMs: null };
      break;
    case 'latency':
      sql = (ctx) => latencySql(def, withGrace(ctx));
      slice = {
        lateSql: (ctx) => latencyLateSql(def, withGrace(ctx)),
        windowMs: def.window.sizeMs,
      };
      // An avg adds in DuckDB's order, which JS cannot follow: its open windows are queried.
      if (!def.stats.includes('avg')) {
        slice.openWindows = (ctx, query) => latencyOpenWindows(def, withGrace(ctx), query);
      }
      break;
    case 'trace':
      sql = (ctx) => traceMetricSql(def, { ...ctx, tables: env.tables ?? ctx.tables });
      break;
    case 'sql': {
      reads = rawSqlTopics(def.sql, env.topics);
      if (!env.columnsOf) throw new Error(`metric "${def.id}": sql metrics need columnsOf`);
      const columns = env.columnsOf(def.sql);
      const problem = rawSqlColumnsProblem(def, columns);
      if (problem) throw new Error(`metric "${def.id}": ${problem}`);
      sql = (ctx) => rawSqlMetricSql(def, ctx, env.topics, columns);
      break;
    }
  }
  return {
    id: def.id,
    title: def.title,
    unit: def.unit,
    stepMs: metricStepMs(def),
    description: def.description,
    alert: { ...alert },
    requires: requires(def),
    sampling:
      def.kind === 'state_duration' || (def.kind === 'sql' && !def.window) ? 'instant' : 'window',
    missing: def.missing,
    sql,
    asOf: metricAsOf(def),
    ...(slice && { slice }),
    ...(reads && { reads }),
  };
}

/**
 * How a metric kind's samples are kept as known at their times (`MetricSpec.asOf`): the
 * compiled SQL of every kind but raw SQL is as of each sample time by construction — a
 * window's sample holds the records delivered by its end (`perWindow`, `latencySql`), a
 * state's the events delivered by its instant (`stateDurationSql`); raw SQL can read any
 * record, so the engine runs it as of each sample time, unless the workbook marks it
 * `final_only`.
 */
export function metricAsOf(def: MetricDef): MetricSpec['asOf'] {
  // A hop pairs a record with the key's previous one among those delivered, which a later
  // delivery can change: computed as of each sample time, like raw SQL.
  if (def.kind === 'trace') return 'recompute';
  if (def.kind !== 'sql') return 'native';
  return def.finalOnly ? 'final' : 'recompute';
}

/** An SLI's minute series as a `MetricSpec` (id and label = the SLI's id; see `sliSql`). */
export function compileSli(def: SliDef, env: CompileEnv): MetricSpec {
  const withEnv = (ctx: MetricContext): MetricContext => ({
    ...ctx,
    graceMs: env.graceMs,
    tables: env.tables ?? ctx.tables,
  });
  return {
    id: def.id,
    title: def.title,
    unit: 'bad minute',
    stepMs: MINUTE_MS,
    description: def.description,
    alert: { ...NO_ALERT },
    requires: { [def.topic]: [] },
    sampling: 'window',
    missing: NaN,
    sql: (ctx) => sliSql(def, withEnv(ctx)),
    // A minute's records delivered during a grace period would change its value after its end.
    asOf: env.graceMs > 0 ? 'recompute' : 'native',
    slice: {
      lateSql: (ctx) => sliLateSql(def, withEnv(ctx)),
      windowMs: MINUTE_MS,
      openWindows: (ctx, query) => runningWindows(sliRunningSql(def, withEnv(ctx)), query),
    },
    reads: [env.tables?.get(def.topic) ?? def.topic],
  };
}
