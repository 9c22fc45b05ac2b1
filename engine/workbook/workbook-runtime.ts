import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import { EngineError } from '../errors.ts';
import type { Incident } from '../../formats/index.ts';
import { evaluateBurnRateAlerts, STANDARD_BURN_RATE_PAIRS } from '../alerts/burn-rate-alerts.ts';
import { type BurnRatePair } from '../contract.ts';
import { countedMinutes, MINUTE_MS, minuteGrid, rollingSli, sliDefSummary } from '../alerts/sli.ts';
import type { MetricFrame, MetricInfo, Series } from '../contract.ts';
import { runMetric } from '../metrics/metric-runner.ts';
import { metricInfo, sampleGrid, type MetricContext, type MetricSpec } from '../metrics/index.ts';
import { duckdbMessage, quoteIdent } from '../sql/sql.ts';
import { checkWorkbookSql } from './check-sql.ts';
import { compileMetric, compileSli, metricAlert } from './compile-metric.ts';
import { displayOrder, workbookMetricInfo } from './display-order.ts';
import { deliveredScope } from './compile-sql-metric.ts';
import { evaluateWorkbookAlerts, type AlertInputs } from './evaluate-alerts.ts';
import { KITCHEN_WORKBOOK } from './kitchen-workbook.ts';
import { mergeIncidents } from './merge-incidents.ts';
import { parseWorkbookSource, WorkbookError, type WorkbookSource } from './parse-workbook.ts';
import { systemEvents } from './system-events.ts';
import type { SeriesSamples } from '../series/series-file.ts';
import { seriesStore, type SeriesStore } from '../series/series-source.ts';
import type {
  AlertRuleResult,
  SliDef,
  SliDetail,
  SliFrame,
  SystemEvent,
  Workbook,
  WorkbookIssue,
  WorkbookSummary,
} from '../contract.ts';

/** Computes one metric's (or SLI's) frame at a context. */
export type RunMetric = (spec: MetricSpec, ctx: MetricContext) => MetricFrame;

/** The source a workbook is compiled for: its columns per topic (lower case) and labels. */
interface Attached {
  columns: ReadonlyMap<string, ReadonlySet<string>>;
  /** topic → its DuckDB table, where that is not the topic's own name */
  tables: ReadonlyMap<string, string>;
  start: number;
  labels: Incident[];
  metrics: MetricSpec[];
  slis: { def: SliDef; spec: MetricSpec }[];
  unavailable: { id: string; reason: string }[];
}

/**
 * The engine's active workbook (the bundled kitchen workbook until another is loaded) and its
 * compiled form for the loaded source: which metrics and SLIs run each frame, the events and
 * incidents a source summary shows, and the alert rules' evaluation.
 */
export class WorkbookRuntime {
  private text: string = KITCHEN_WORKBOOK.text;
  private active: Workbook;
  private attached: Attached | null = null;
  /** the series file the attached source is, when it is one (`attachSeries`) */
  private series: { samples: SeriesSamples; store: SeriesStore } | null = null;

  constructor(private readonly conn: DuckDBConnection) {
    this.active = parseWorkbookSource(KITCHEN_WORKBOOK.text, KITCHEN_WORKBOOK.name).workbook;
  }

  /** A metric's frame at `ctx` as one run at `ctx` computes it. */
  private readonly runNow: RunMetric = (spec, ctx) => runMetric(this.conn, spec, ctx);

  /** The text of the active workbook, exactly as loaded (comments kept). */
  get source(): string {
    return this.text;
  }

  get workbook(): Workbook {
    return this.active;
  }

  /**
   * Validates `text` (schema, references, SQL syntax on DuckDB) and makes it the active
   * workbook, recompiling for the loaded source. A rejected text leaves the previous one active.
   */
  load(text: string, name: string): WorkbookSummary {
    const { next, issues } = this.validate(text, name);
    if (!next) return this.summary(false, issues);
    this.text = text;
    this.active = next.workbook;
    if (this.series) {
      this.attachSeries(this.series.samples, this.attached?.labels ?? [], true);
    } else if (this.attached) {
      const { columns, start, labels, tables } = this.attached;
      this.attach(columns, start, labels, tables);
    }
    return this.summary(true, []);
  }

  /** What `load` would reject `text` for, without loading it (empty: it would be taken). */
  check(text: string, name: string): WorkbookIssue[] {
    return this.validate(text, name).issues;
  }

  private validate(
    text: string,
    name: string,
  ): { next: WorkbookSource | null; issues: WorkbookIssue[] } {
    let next;
    try {
      next = parseWorkbookSource(text, name);
    } catch (err) {
      if (err instanceof WorkbookError) return { next: null, issues: err.issues };
      throw err;
    }
    const issues = checkWorkbookSql(this.conn, next);
    return issues.length > 0 ? { next: null, issues } : { next, issues: [] };
  }

  /**
   * Compiles the active workbook for a newly loaded source (`columns`: its field columns per
   * topic, lower case; `tables`: each topic's DuckDB table, when not the topic's name) and
   * returns the metrics it can compute, in display order; the rest are listed in
   * `summary().unavailable` with the reason.
   */
  attach(
    columns: ReadonlyMap<string, ReadonlySet<string>>,
    start: number,
    labels: Incident[],
    tables: ReadonlyMap<string, string> = new Map(),
  ): MetricSpec[] {
    const topics = [...columns.keys()].map((t) => tables.get(t) ?? t);
    const env = {
      topics,
      tables,
      graceMs: this.active.options.graceMs,
      columnsOf: (sql: string) =>
        this.conn
          .query(`SELECT * FROM (${deliveredScope(sql, topics, 0)}) LIMIT 0`)
          .schema.fields.map((f) => f.name),
    };
    const probe: MetricContext = {
      delivered: 1,
      time: start,
      start,
      graceMs: env.graceMs,
      tables,
    };
    const unavailable: { id: string; reason: string }[] = [];
    const usable = (id: string, make: () => MetricSpec): MetricSpec | null => {
      try {
        const spec = make();
        const missing = missingColumns(spec, columns);
        if (missing) throw new Error(missing);
        // Bound, not planned: DESCRIBE finds what a source lacks (a column, a type) as EXPLAIN
        // does, in a third of the time (every load compiles every metric).
        this.conn.query(`DESCRIBE ${spec.sql(probe)}`);
        return spec;
      } catch (err) {
        unavailable.push({ id, reason: duckdbMessage(err).split('\n')[0]! });
        return null;
      }
    };
    const metrics = displayOrder(this.active)
      .map((def) => usable(def.id, () => compileMetric(def, env, metricAlert(this.active, def.id))))
      .filter((s): s is MetricSpec => s !== null);
    const slis = this.active.slis.flatMap((def) => {
      const spec = usable(def.id, () => compileSli(def, env));
      return spec ? [{ def, spec }] : [];
    });
    this.attached = { columns, tables, start, labels, metrics, slis, unavailable };
    return metrics;
  }

  /** The metrics compiled for the attached source (empty without one). */
  get specs(): MetricSpec[] {
    return this.attached ? this.attached.metrics : [];
  }

  /** The SLIs' minute series compiled for the attached source (empty without one). */
  get sliSpecs(): MetricSpec[] {
    return this.attached ? this.attached.slis.map(({ spec }) => spec) : [];
  }

  /** Forgets the source (its tables are being dropped). */
  detach(): void {
    this.attached = null;
    this.series = null;
  }

  /**
   * Takes a series file as the source (see `SeriesStore`): the active workbook's metrics and
   * SLIs it has series of are computed, from the series alone; the rest are unavailable. Throws
   * when it has none of them, unless `orEmpty` (a workbook loaded over it: none is computed).
   */
  attachSeries(samples: SeriesSamples, labels: Incident[], orEmpty = false): SeriesStore {
    const store = seriesStore(this.active, samples, orEmpty);
    this.series = { samples, store };
    this.attached = {
      columns: new Map(),
      tables: new Map(),
      start: store.span.start,
      labels,
      metrics: store.specs,
      slis: store.slis,
      unavailable: store.unavailable,
    };
    return store;
  }

  /** The attached series file's series, when the source is one. */
  get seriesSource(): SeriesStore | null {
    return this.series?.store ?? null;
  }

  /** Metrics shown for the source, in display order. */
  metricInfos(): MetricInfo[] {
    if (this.attached) return this.attached.metrics.map(metricInfo);
    return workbookMetricInfo(this.active);
  }

  /** The attached source's field columns and tables per topic, and its start; null without one. */
  attachedSource(): Pick<Attached, 'columns' | 'tables' | 'start'> | null {
    if (!this.attached) return null;
    const { columns, tables, start } = this.attached;
    return { columns, tables, start };
  }

  /** The source's labels merged with the workbook's incidents. */
  incidents(): Incident[] {
    return mergeIncidents(this.attached?.labels ?? [], this.active.incidents);
  }

  /** The topic of the active workbook's system events, if it names one. */
  eventsTopic(): string | null {
    return this.active.events?.topic ?? null;
  }

  /** The system events of the loaded source; with `delivered`, those delivered (see `systemEvents`). */
  events(delivered?: number): SystemEvent[] {
    if (!this.attached || !this.active.events || this.series) return [];
    const { columns, tables } = this.attached;
    return systemEvents(this.conn, this.active.events, columns, tables, delivered);
  }

  /**
   * Every SLI of the frame at `ctx`. `run` computes a minute series: the engine's keeps each
   * minute as known at its end (`AsOfRunner`).
   */
  sliFrames(ctx: MetricContext, run: RunMetric = this.runNow): SliFrame[] {
    const slis = this.attached?.slis ?? [];
    return slis.map(({ def, spec }) => sliFrame(def, run(spec, ctx), ctx));
  }

  /** One SLI in depth at `ctx`; throws when the SLI is not computed for this source. */
  sli(id: string, ctx: MetricContext, run: RunMetric = this.runNow): SliDetail {
    const found = this.attached?.slis.find((s) => s.def.id === id);
    if (!found)
      throw new EngineError('NOT_COMPUTED', `SLI "${id}" is not computed for this source`);
    const { def, spec } = found;
    const frame = sliFrame(def, run(spec, ctx), ctx);
    const grid = minuteGrid(frame.minutes);
    const options = { objective: def.objective, noData: def.noData };
    const pairs: BurnRatePair[] = this.active.alerts.flatMap((a) =>
      a.kind === 'burn_rate' && a.sli === id ? a.pairs : [],
    );
    return {
      ...frame,
      rolling: rollingSli(grid, { ...options, windowMinutes: def.periodMs / 60_000 }),
      burnRates: evaluateBurnRateAlerts(grid, {
        ...options,
        pairs: pairs.length ? pairs : STANDARD_BURN_RATE_PAIRS,
      }).burnRates,
    };
  }

  /** The workbook's alert rules over a frame's series, evaluated up to `until` (see `evaluateWorkbookAlerts`). */
  alerts(frame: AlertInputs, until: number): AlertRuleResult[] {
    return evaluateWorkbookAlerts(this.active, frame, { until });
  }

  /** What `loadWorkbook` answers. */
  summary(accepted: boolean, issues: WorkbookSummary['issues']): WorkbookSummary {
    return {
      accepted,
      issues,
      workbook: structuredClone(this.active),
      metrics: this.metricInfos(),
      unavailable: this.attached ? this.attached.unavailable.map((u) => ({ ...u })) : [],
      incidents: this.incidents(),
    };
  }
}

/** Why a metric cannot run on these tables (a topic or named field is missing), or null. */
function missingColumns(
  spec: MetricSpec,
  columns: ReadonlyMap<string, ReadonlySet<string>>,
): string | null {
  for (const [topic, fields] of Object.entries(spec.requires)) {
    const have = columns.get(topic);
    if (!have) return `no topic ${quoteIdent(topic)} in this source`;
    const missing = fields.filter((f) => !have.has(f.toLowerCase()));
    if (missing.length)
      return `topic ${quoteIdent(topic)} has no field ${missing.map((f) => `"${f}"`).join(', ')}`;
  }
  return null;
}

/**
 * An SLI's frame from its metric frame: the dense series of the minutes it counts (NaN = no
 * data; see `countedMinutes`: finished minutes only, a half-covered first minute only with
 * data) and its summary over them.
 */
function sliFrame(def: SliDef, frame: MetricFrame, ctx: MetricContext): SliFrame {
  let computed: Series | undefined = frame.series[0];
  if (!computed) {
    const grid = sampleGrid('window', MINUTE_MS, ctx.start, ctx.time);
    const times = new Float64Array(grid.count);
    for (let k = 0; k < grid.count; k++) times[k] = grid.first + k * grid.step;
    computed = { label: def.id, times, values: new Float64Array(grid.count).fill(NaN) };
  }
  const minutes = countedMinutes(computed, { start: ctx.start, time: ctx.time });
  return { id: def.id, minutes, late: frame.late, summary: sliDefSummary(def, minutes) };
}
