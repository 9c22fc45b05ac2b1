import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import type {
  ChangePoint,
  DimensionContribution,
  ExplainRequest,
  Explanation,
  MetricDef,
  MetricFrame,
  MixRateSplit,
  StageChange,
  StageDef,
  SystemEvent,
  Workbook,
} from '../contract.ts';
import { META_COLUMNS } from '../ingest/meta-columns.ts';
import { changePoints } from './change-points.ts';
import {
  countContributions,
  FORMULAS,
  mixRateSplit,
  ratioContributions,
  type RatioCell,
} from './decompose.ts';
import { EVENT_FORMULAS, rankEvents, words, type MovingTerm } from './event-ranking.ts';
import {
  dimensionCountsSql,
  distinctCountsSql,
  MAX_DIMENSION_VALUES,
  periodRows,
  stagesSql,
  type Periods,
  type Span,
} from './explain-sql.ts';
import { gTest2x2 } from './g-test.ts';
import { baselinePeriods } from './baseline.ts';

/** A value is "significant" below this p (Kibana's log rate analysis uses 0.02). */
export const SIGNIFICANCE = 0.02;
/** Values explaining less of the change than this are left out (ThirdEye prunes under 3%). */
export const MIN_CONTRIBUTION = 0.03;
/** How strongly a word of the metric's title ties an event to the change (a moving value: up to 1). */
const TITLE_WEIGHT = 0.3;
/** Most dimensions paired into two-dimension combinations, and most values they may have. */
const MAX_PAIR_VALUES = 30;

/** What `explainWindow` reads from the engine besides DuckDB. */
export interface ExplainInputs {
  request: ExplainRequest;
  workbook: Workbook;
  /** topic → its field columns (lower case) */
  columns: ReadonlyMap<string, ReadonlySet<string>>;
  /** topic → its DuckDB table where that is not the topic's name */
  tables: ReadonlyMap<string, string>;
  /** the source's first record time */
  start: number;
  /** records delivered by `request.time` */
  delivered: number;
  /** the system events delivered by `request.time` */
  events: readonly SystemEvent[];
  /** every metric's frame at `request.time` (samples as known at their times), with its step */
  frames: readonly { frame: MetricFrame; stepMs: number }[];
  /** hears each SQL statement run (the benchmark runs them again on native DuckDB) */
  onQuery?: (sql: string) => void;
}

/** What a dimension analysis counts: the topic, the rows' filter and the numerator/denominator. */
interface Counted {
  topic: string;
  filter: string | null;
  num: string | null;
  den: string | null;
  /** words of the filters: a field they name is held fixed, not a dimension */
  fixed: Set<string>;
}

const and = (...parts: (string | null)[]): string | null => {
  const kept = parts.filter((p): p is string => p !== null).map((p) => `(${p})`);
  return kept.length ? kept.join(' AND ') : null;
};

/** The counts behind a metric, or why its change cannot be split by dimension. */
function countedOf(m: MetricDef): Counted | string {
  const fixedOf = (...f: (string | null)[]) => words(f.filter((x) => x !== null).join(' '));
  if (m.kind === 'aggregate' && m.fn === 'count') {
    return { topic: m.topic, filter: m.filter, num: null, den: null, fixed: fixedOf(m.filter) };
  }
  if (
    m.kind === 'ratio' &&
    m.numerator.fn === 'count' &&
    m.denominator.fn === 'count' &&
    m.numerator.topic === m.denominator.topic
  ) {
    const num = m.numerator.filter ?? 'TRUE';
    const den = m.denominator.filter ?? 'TRUE';
    return {
      topic: m.numerator.topic,
      filter: and(m.filter, `(${num}) OR (${den})`),
      num: `(${num}) AND (${den})`,
      den,
      fixed: fixedOf(m.filter, m.numerator.filter, m.denominator.filter),
    };
  }
  const what = m.kind === 'aggregate' ? `${m.fn} aggregate` : `${m.kind} metric`;
  return `dimension contributions need a count or a ratio of counts on one topic; "${m.id}" is a ${what}`;
}

interface Cell {
  d: string;
  v: string;
  wn: number;
  wd: number;
  bn: number;
  bd: number;
}

function readCells(conn: DuckDBConnection, sql: string): Cell[] {
  return conn
    .query(sql)
    .toArray()
    .map((row) => {
      const r = row as Cell;
      return { d: r.d, v: r.v, wn: r.wn, wd: r.wd, bn: r.bn, bd: r.bd };
    });
}

/** Best first: significant values first, then by contribution. */
function rank(list: DimensionContribution[]): DimensionContribution[] {
  const sig = (c: DimensionContribution) => (c.p_value < SIGNIFICANCE ? 1 : 0);
  return list
    .filter((c) => Number.isFinite(c.contribution) && c.contribution >= MIN_CONTRIBUTION)
    .sort((a, b) => sig(b) - sig(a) || b.contribution - a.contribution);
}

/**
 * The dimension analysis of a count or ratio metric: per dimension value its contribution,
 * G-test and leave-one-out effect; the best two-dimension combinations; for a ratio, the mix and
 * rate split per dimension; and the metric over the window and baseline.
 */
function dimensionAnalysis(
  conn: DuckDBConnection,
  inputs: ExplainInputs,
  counted: Counted,
  periods: Periods,
  k: number,
): Pick<Explanation, 'dimensions' | 'combinations' | 'mixRate' | 'value'> & { note?: string } {
  const table = inputs.tables.get(counted.topic) ?? counted.topic;
  const have = inputs.columns.get(counted.topic);
  if (!have) {
    return {
      dimensions: [],
      combinations: [],
      mixRate: [],
      value: null,
      note: `no topic "${counted.topic}"`,
    };
  }
  const meta = new Set<string>(META_COLUMNS);
  const chosen = new Set(inputs.workbook.dimensions.map((d) => d.toLowerCase()));
  const fields = [...have].filter(
    (f) =>
      !meta.has(f) &&
      f !== 'timestamp' &&
      !counted.fixed.has(f.toLowerCase()) &&
      (chosen.size === 0 || chosen.has(f.toLowerCase())),
  );
  const rows = periodRows(table, periods, inputs.delivered, counted.filter);
  const distinct = fields.length
    ? (conn.query(distinctCountsSql(rows, fields)).toArray()[0] as Record<string, unknown>)
    : {};
  const valuesOf = (i: number) => Number(distinct[`c${i}`] ?? 0);
  // Amounts and other measures are not dimensions: text, flags and whole numbers (a broker id) are.
  const measure = (i: number) =>
    /^(DOUBLE|FLOAT|REAL|DECIMAL)/.test(String(distinct[`t${i}`] ?? ''));
  const dims = fields.filter(
    (_, i) => valuesOf(i) >= 2 && valuesOf(i) <= MAX_DIMENSION_VALUES && !measure(i),
  );
  const small = dims.filter((f) => valuesOf(fields.indexOf(f)) <= MAX_PAIR_VALUES);
  const pairs: string[][] = [];
  for (let i = 0; i < small.length; i++) {
    for (let j = i + 1; j < small.length; j++) pairs.push([small[i]!, small[j]!]);
  }
  const ratio = counted.num !== null;
  const cells = dims.length
    ? readCells(
        conn,
        dimensionCountsSql(rows, [...dims.map((d) => [d]), ...pairs], counted.num, counted.den),
      )
    : [];
  const byDimension = new Map<string, Cell[]>();
  for (const c of cells) {
    const list = byDimension.get(c.d) ?? [];
    list.push(c);
    byDimension.set(c.d, list);
  }
  const singles: DimensionContribution[] = [];
  const combos: DimensionContribution[] = [];
  const mixRate: MixRateSplit[] = [];
  for (const [d, list] of byDimension) {
    const out = ratio
      ? ratioContributions(d, list.map(ratioCell))
      : countContributions(
          d,
          list.map((c) => ({ value: c.v, window: c.wd, baseline: c.bd })),
          k,
        );
    if (!d.includes(' × ')) singles.push(...out);
    else if (!determined(d, list.length, byDimension)) combos.push(...out);
    if (ratio && !d.includes(' × ')) mixRate.push(mixRateSplit(d, list.map(ratioCell)));
  }
  // Any dimension's cells add up to the totals: read them from the first.
  const first = byDimension.values().next().value ?? [];
  const sum = (f: (c: Cell) => number) => first.reduce((s, c) => s + f(c), 0);
  const value = ratio
    ? (() => {
        const after = sum((c) => c.wn) / sum((c) => c.wd);
        const before = sum((c) => c.bn) / sum((c) => c.bd);
        return { window: after, baseline: before, change: after - before };
      })()
    : {
        window: sum((c) => c.wd),
        baseline: sum((c) => c.bd) / k,
        change: sum((c) => c.wd) - sum((c) => c.bd) / k,
      };
  const byBy = (m: MixRateSplit) => Math.abs(m.rate) + Math.abs(m.mix);
  return {
    dimensions: rank(singles),
    combinations: finerFirst(rank(combos), coarser(byDimension)).slice(0, 10),
    mixRate: mixRate.sort((a, b) => byBy(b) - byBy(a)),
    value: first.length ? value : null,
  };
}

/**
 * Whether one field of the pair `d` determines the other over the rows (each region has one
 * currency, each restaurant one region): then the pair has as many values as that field, and its
 * combinations are that field's values under another name.
 */
function determined(d: string, pairValues: number, byDimension: Map<string, Cell[]>): boolean {
  return d.split(' × ').some((f) => byDimension.get(f)?.length === pairValues);
}

/**
 * Field → the fields it determines over the rows (region → currency: each region has one
 * currency), read from the pair cells: a pair with as many values as its first field.
 */
function coarser(byDimension: Map<string, Cell[]>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [d, cells] of byDimension) {
    const fields = d.split(' × ');
    if (fields.length !== 2) continue;
    for (const [a, b] of [fields, [...fields].reverse()] as [string, string][]) {
      if (byDimension.get(a)?.length === cells.length) {
        const set = out.get(a) ?? new Set<string>();
        set.add(b);
        out.set(a, set);
      }
    }
  }
  return out;
}

/** Points of contribution within which a finer combination is ranked before a coarser one. */
const FINER_MARGIN = 0.05;

/**
 * Moves a combination after one that splits the same slice finer (`Talabat × SAR` after
 * `Talabat × Riyadh`, as Riyadh determines SAR) when the finer one explains about as much
 * (within `FINER_MARGIN`): of two slices explaining the same change, the narrower names it.
 */
function finerFirst(
  list: DimensionContribution[],
  determines: Map<string, Set<string>>,
): DimensionContribution[] {
  const parts = (c: DimensionContribution) => {
    const fields = c.dimension.split(' × ');
    const values = c.value.split(' × ');
    return fields.map((f, i) => ({ f, v: values[i]! }));
  };
  // `fine` refines `coarse`: one field in common with the same value, the other field of
  // `fine` determines the other field of `coarse`.
  const refines = (fine: DimensionContribution, coarse: DimensionContribution) => {
    const a = parts(fine);
    const b = parts(coarse);
    return a.some((x, i) =>
      b.some(
        (y, j) =>
          x.f === y.f && x.v === y.v && (determines.get(a[1 - i]!.f)?.has(b[1 - j]!.f) ?? false),
      ),
    );
  };
  const out = [...list];
  for (let i = 0; i < out.length; i++) {
    const j = out.findIndex(
      (c, k) =>
        k > i &&
        refines(c, out[i]!) &&
        c.p_value < SIGNIFICANCE &&
        c.contribution >= out[i]!.contribution - FINER_MARGIN,
    );
    if (j > i) {
      const [fine] = out.splice(j, 1);
      out.splice(i, 0, fine!);
    }
  }
  return out;
}

function ratioCell(c: Cell): RatioCell {
  return { value: c.v, windowNum: c.wn, windowDen: c.wd, baselineNum: c.bn, baselineDen: c.bd };
}

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
    .map((r) => r as { i: number; p: string; n: number; med: number | null; fails: number });
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
    const timeGrowth = wMed !== null && bMed !== null && bMed > 0 ? (wMed - bMed) / bMed : null;
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
    'time growth = (median₁ − median₀) / median₀ of the seconds from the previous step to this one, over the keys that reached the previous step in the period (and this one by the replay time; 1: window, 0: baseline)',
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

  const counted = countedOf(metric);
  let dims: ReturnType<typeof dimensionAnalysis> = {
    dimensions: [],
    combinations: [],
    mixRate: [],
    value: null,
  };
  if (typeof counted === 'string') notes.push(counted);
  else if (k <= 0) notes.push('no baseline: the source holds nothing before the window');
  else {
    dims = dimensionAnalysis(conn, inputs, counted, periods, k);
    if (dims.note) notes.push(dims.note);
  }

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
  );
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
    stage: top && rankOf(top) >= 0.1 ? top : null,
    formulas: { ...FORMULAS, ...EVENT_FORMULAS, ...STAGE_FORMULAS, ...CHANGE_FORMULAS },
  };
}
