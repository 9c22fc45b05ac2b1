import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import type {
  ChangePoint,
  ExplainRequest,
  Explanation,
  MetricFrame,
  StageChange,
  StageDef,
  SystemEvent,
  Workbook,
} from '../contract.ts';
import { changePoints } from './change-points.ts';
import { FORMULAS } from './decompose.ts';
import {
  dimensionAnalysis,
  dimensionFormulas,
  SIGNIFICANCE,
  type AnalysisKind,
  type StagePairs,
} from './dimension-analysis.ts';
import { quoteIdent, quoteString } from '../sql/sql.ts';
import { EVENT_FORMULAS, rankEvents, words, type MovingTerm } from './event-ranking.ts';
import { stagesSql, type Periods, type Span } from './explain-sql.ts';
import { gTest2x2 } from './g-test.ts';
import { baselinePeriods } from './baseline.ts';
import type { ExplainInputs } from './explain-inputs.ts';

export type { ExplainInputs } from './explain-inputs.ts';

export { MIN_CONTRIBUTION, SIGNIFICANCE } from './dimension-analysis.ts';

/** A stage is named as where time or failures grew from this score (10%) on. */
const MIN_STAGE_SCORE = 0.1;
/** How strongly a word of the metric's title ties an event to the change (a moving value: up to 1). */
const TITLE_WEIGHT = 0.3;

/** Per lifecycle stage, time and failures in the window against the baseline. */
function stageAnalysis(
  conn: DuckDBConnection,
  inputs: ExplainInputs,
  def: StageDef,
  periods: Periods,
): StageChange[] {
  const have = inputs.columns.get(def.topic);
  if (!have || !have.has(def.key.toLowerCase()) || !have.has(def.status.toLowerCase())) return [];
  const table = inputs.tables.get(def.topic) ?? def.topic;
  const rows = conn
    .query(stagesSql(table, def, periods, inputs.delivered))
    .toArray()
    .map(
      (r) =>
        r as {
          i: number;
          p: string;
          n: number;
          med: number | null;
          p95: number | null;
          fails: number;
        },
    );
  const stages: StageChange[] = [];
  for (let i = 1; i < def.steps.length; i++) {
    const get = (p: string) => rows.filter((r) => r.i === i && r.p === p);
    const reached = (p: string) => get(p).reduce((s, r) => s + r.n, 0);
    const failed = (p: string) => get(p).reduce((s, r) => s + r.fails, 0);
    const median = (p: string) => get(p).find((r) => r.med !== null)?.med ?? null;
    const wN = reached('w');
    const bN = reached('b');
    const wF = failed('w');
    const bF = failed('b');
    const wMed = median('w');
    const bMed = median('b');
    const wRate = wN + wF > 0 ? wF / (wN + wF) : null;
    const bRate = bN + bF > 0 ? bF / (bN + bF) : null;
    const { p } = gTest2x2(wF, wN, bF, bN);
    const tail = (p: string) => get(p).find((r) => r.p95 !== null)?.p95 ?? null;
    const wTail = tail('w');
    const bTail = tail('b');
    const timeGrowth =
      wTail !== null && bTail !== null && bTail > 0 ? (wTail - bTail) / bTail : null;
    const failureGrowth =
      wRate !== null && bRate !== null ? (wRate - bRate) / Math.max(bRate, 0.001) : null;
    const enough = wN >= 10 && bN >= 10;
    const score = Math.max(
      0,
      enough && timeGrowth !== null ? timeGrowth : 0,
      p < SIGNIFICANCE && failureGrowth !== null ? failureGrowth : 0,
    );
    stages.push({
      stage: `${def.steps[i - 1]!.name} → ${def.steps[i]!.name}`,
      step: def.steps[i]!.name,
      windowCount: wN,
      baselineCount: bN,
      windowMedianS: wMed,
      baselineMedianS: bMed,
      windowP95S: wTail,
      baselineP95S: bTail,
      windowFailures: wF,
      baselineFailures: bF,
      windowFailureRate: wRate,
      baselineFailureRate: bRate,
      failure_p_value: p,
      timeGrowth,
      failureGrowth,
      score,
    });
  }
  return stages;
}

export const STAGE_FORMULAS = {
  stageTime:
    'time growth = (p95₁ − p95₀) / p95₀ of the seconds from the previous step to this one, over the keys that reached the previous step in the period (and this one by the replay time; 1: window, 0: baseline). The 95th percentile: a slowdown in one region of five moves the tail, hardly the median',
  stageFailures:
    'failure growth = (f₁ − f₀) / max(f₀, 0.001),  f = failed / (failed + reached); G-test of [[failed₁, reached₁], [failed₀, reached₀]]',
  stageScore:
    'stage score = max(time growth (≥ 10 keys each side), failure growth (p < 0.02), 0); the stage named: highest score, or for a latency metric highest time growth',
} as const;

export const CHANGE_FORMULAS = {
  changePoint:
    'the split of a series’ samples (baseline + window) maximizing Welch t = |x̄₂ − x̄₁| / √(s₁²/n₁ + s₂²/n₂); kept when t ≥ 4 and the split falls in the window',
} as const;

/**
 * Explains the change of one metric in a window against its baseline, from what was delivered by
 * the request's replay time (see `Explanation`). Throws an Error naming the request when it
 * cannot (an unknown metric, an empty window).
 */
export function explainWindow(db: DuckDBConnection, inputs: ExplainInputs): Explanation {
  const { request, workbook, onQuery } = inputs;
  const conn = onQuery
    ? new Proxy(db, {
        get: (target, key) =>
          key === 'query'
            ? (sql: string) => {
                onQuery(sql);
                return target.query(sql);
              }
            : Reflect.get(target, key),
      })
    : db;
  const metric = workbook.metrics.find((m) => m.id === request.metric);
  if (!metric) {
    throw new RangeError(
      `no metric "${request.metric}" in workbook "${workbook.name}" (metrics: ${workbook.metrics.map((m) => m.id).join(', ')})`,
    );
  }
  const window: Span = { from: request.from, to: Math.min(request.to, request.time) };
  if (!(window.to > window.from)) {
    throw new RangeError(
      `empty window [${new Date(request.from).toISOString()}, ${new Date(request.to).toISOString()}) as of ${new Date(request.time).toISOString()}: it must end after it starts and start before the replay time`,
    );
  }
  const notes: string[] = [];
  const base = baselinePeriods(window, request.baseline, inputs.start);
  if (base.note) notes.push(base.note);
  const periods: Periods = { window, baseline: base.spans };
  const length = window.to - window.from;
  const k = base.spans.reduce((s, b) => s + (b.to - b.from), 0) / length;

  const stages = workbook.stages ? stageAnalysis(conn, inputs, workbook.stages, periods) : [];
  if (!workbook.stages) notes.push('the workbook defines no stages');
  // A latency's explanation asks where time grew; a count's or a ratio's, where time or failures did.
  const rankOf = (st: StageChange) =>
    metric.kind === 'latency'
      ? st.windowCount >= 10 && st.baselineCount >= 10
        ? (st.timeGrowth ?? 0)
        : 0
      : st.score;
  const top = [...stages].sort((a, b) => rankOf(b) - rankOf(a))[0];
  const grew = top && rankOf(top) >= MIN_STAGE_SCORE ? top : null;
  const def = workbook.stages;
  const stagePairs: StagePairs | null =
    grew && def && metric.kind === 'latency'
      ? (() => {
          const i = def.steps.findIndex((st) => st.name === grew.step);
          const step = (j: number) =>
            `CAST(${quoteIdent(def.status)} AS VARCHAR) = ${quoteString(def.steps[j]!.status)}`;
          return {
            name: grew.stage,
            topic: def.topic,
            key: def.key,
            from: step(i - 1),
            to: step(i),
          };
        })()
      : null;
  let dims: ReturnType<typeof dimensionAnalysis> = {
    dimensions: [],
    combinations: [],
    mixRate: [],
    value: null,
    analysis: null,
  };
  if (k <= 0) notes.push('no baseline: the source holds nothing before the window');
  else {
    dims = dimensionAnalysis(conn, inputs, metric, periods, k, stagePairs);
    if (dims.note) notes.push(dims.note);
    if (stagePairs && dims.analysis) {
      notes.push(
        `time grew most at ${stagePairs.name}: the dimensions split that stage's pairs, each placed in the period it started in`,
      );
    }
  }
  const analysis: AnalysisKind | null = dims.analysis;

  const span = { from: window.from - 4 * length, to: window.to };
  const points: ChangePoint[] = [];
  for (const { frame, stepMs } of inputs.frames) {
    points.push(
      ...changePoints(frame.id, frame.series.slice(0, 100), {
        ...span,
        onsetFrom: window.from - stepMs,
      }),
    );
  }
  points.sort((a, b) => b.score - a.score);
  const own = points.filter((c) => c.metric === metric.id);
  // An incident or a brushed window starts at the change; a firing interval after it.
  const onset = Math.min(window.from, ...own.slice(0, 3).map((c) => c.time));

  const moving: MovingTerm[] = [
    ...own.slice(0, 3).map((c) => ({ text: c.series, weight: 1 })),
    // The metric's own title names the system it watches (Kafka, payments): a weaker tie.
    ...[...words(metric.title)].map((w) => ({ text: w, weight: TITLE_WEIGHT })),
    ...[...dims.dimensions, ...dims.combinations]
      .filter((d) => d.p_value < SIGNIFICANCE)
      .slice(0, 6)
      .flatMap((d) => d.value.split(' × ').map((v) => ({ text: v, weight: d.contribution }))),
  ];
  const events = rankEvents(
    inputs.events,
    {
      lookFrom: window.from - Math.max(4 * length, 3600_000),
      to: window.to,
      onset,
      windowMs: length,
      stepMs: inputs.frames.find((f) => f.frame.id === metric.id)?.stepMs ?? 0,
    },
    moving,
    def
      ? {
          stages: def.steps.map((st) => ({
            step: st.name,
            words: [...words(`${st.name} ${st.status}`)],
          })),
          grew: grew?.step ?? null,
        }
      : undefined,
  );
  return {
    metric: metric.id,
    kind: metric.kind,
    window,
    baseline: base.spans,
    time: request.time,
    value: dims.value,
    notes,
    events,
    changePoints: points.slice(0, 20),
    dimensions: dims.dimensions,
    combinations: dims.combinations,
    mixRate: dims.mixRate,
    stages,
    stage: grew,
    formulas: {
      ...FORMULAS,
      ...dimensionFormulas(analysis),
      ...EVENT_FORMULAS,
      ...STAGE_FORMULAS,
      ...CHANGE_FORMULAS,
    },
  };
}
