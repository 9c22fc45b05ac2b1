import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import type {
  DimensionContribution,
  Explanation,
  LatencyStat,
  MetricDef,
  MixRateSplit,
} from '../contract.ts';
import { META_COLUMNS } from '../ingest/meta-columns.ts';
import { quoteIdent, sqlNumber } from '../sql/sql.ts';
import {
  countContributions,
  FORMULAS,
  mixRateSplit,
  ratioContributions,
  stateContributions,
  sumContributions,
  type RatioCell,
} from './decompose.ts';
import { words } from './event-ranking.ts';
import {
  dimensionCellsSql,
  distinctCountsSql,
  latencyRows,
  MAX_DIMENSION_VALUES,
  periodRows,
  stateRows,
  valueRows,
  type Periods,
} from './explain-sql.ts';
import type { ExplainInputs } from './explain-inputs.ts';

/** A value is "significant" below this p (Kibana's log rate analysis uses 0.02). */
export const SIGNIFICANCE = 0.02;
/** Values explaining less of the change than this are left out (ThirdEye prunes under 3%). */
export const MIN_CONTRIBUTION = 0.03;
/** Most values a dimension paired into two-dimension combinations may have. */
const MAX_PAIR_VALUES = 30;

/**
 * How a metric's change is split by dimension value:
 * - `count`: records (a count);
 * - `ratio`: numerator and denominator records (a ratio of counts on one topic);
 * - `sum`: the sum of a field or expression;
 * - `beyond`: the values of the records (average, minimum, maximum, quantile) or of the latency
 *   pairs: the records beyond the metric's statistic over the baseline (τ₀), counted;
 * - `state`: the seconds keys spent in the state (a state duration).
 */
export type AnalysisKind = 'count' | 'ratio' | 'sum' | 'beyond' | 'state';

/** The statistic a value metric reports, as SQL over `_x`, and whether "beyond" it is below. */
interface Statistic {
  sql: string;
  below: boolean;
}

/** The rows behind a metric and how its change splits over them. */
interface Measured {
  kind: AnalysisKind;
  /** the topic whose fields are the dimensions */
  topic: string;
  /** the rows (SQL over the topic tables, with `_p` the period, and `_x` for sum and beyond) */
  rows: (table: (topic: string) => string) => string;
  /** the numerator and denominator conditions of a count or a ratio */
  num: string | null;
  den: string | null;
  /** words of the filters and measured expressions: a field they name is not a dimension */
  fixed: Set<string>;
  /** fields split whatever the workbook's dimensions say (the metric's own series) */
  always: string[];
  /** a state duration's evaluation interval (ms) */
  everyMs?: number;
  /** a value metric's statistic (`beyond`) */
  stat?: Statistic;
}

const and = (...parts: (string | null)[]): string | null => {
  const kept = parts.filter((p): p is string => p !== null).map((p) => `(${p})`);
  return kept.length ? kept.join(' AND ') : null;
};

const fixedOf = (...f: (string | null)[]) => words(f.filter((x) => x !== null).join(' '));

/** The number a value aggregate reads, as the metric does: its field or expression as DOUBLE. */
const operand = (t: { field: string | null; expr: string | null }) =>
  `TRY_CAST(${t.field !== null ? quoteIdent(t.field) : `(${t.expr})`} AS DOUBLE)`;

/**
 * The statistic of a latency's stats that its explanation counts records beyond: the highest
 * quantile listed (the tail it watches), else its mean, maximum or minimum; the mean for `count`.
 */
function latencyStatistic(stats: readonly LatencyStat[]): Statistic {
  const q = stats
    .map((s) => /^p(\d+)$/.exec(s))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]) / 100);
  if (q.length) return { sql: `quantile_cont(_x, ${Math.max(...q)})`, below: false };
  if (stats.includes('max')) return { sql: 'max(_x)', below: false };
  if (stats.includes('min') && !stats.includes('avg')) return { sql: 'min(_x)', below: true };
  return { sql: 'avg(_x)', below: false };
}

/** The rows behind metric `m` over `periods`, or why its change cannot be split by dimension. */
function measuredOf(
  m: MetricDef,
  periods: Periods,
  delivered: number,
  stage: StagePairs | null,
): Measured | string {
  if (m.kind === 'aggregate') {
    const base = {
      topic: m.topic,
      num: null,
      den: null,
      fixed: fixedOf(m.filter, m.field, m.expr),
      always: m.by,
    };
    const rows = (table: (t: string) => string) =>
      periodRows(table(m.topic), periods, delivered, m.filter);
    if (m.fn === 'count') return { ...base, kind: 'count', rows };
    if (m.fn === 'count_distinct') {
      return `dimension contributions need a count, ratio, sum, average, minimum, maximum, quantile, latency or state duration; "${m.id}" is a count_distinct aggregate`;
    }
    const stat: Statistic =
      m.fn === 'quantile'
        ? { sql: `quantile_cont(_x, ${sqlNumber(m.q ?? NaN, 'q')})`, below: false }
        : { sql: `${m.fn}(_x)`, below: m.fn === 'min' };
    return {
      ...base,
      kind: m.fn === 'sum' ? 'sum' : 'beyond',
      rows: (table) => valueRows(rows(table), operand(m)),
      stat,
    };
  }
  if (m.kind === 'ratio') {
    if (
      m.numerator.fn === 'count' &&
      m.denominator.fn === 'count' &&
      m.numerator.topic === m.denominator.topic
    ) {
      const num = m.numerator.filter ?? 'TRUE';
      const den = m.denominator.filter ?? 'TRUE';
      const filter = and(m.filter, `(${num}) OR (${den})`);
      return {
        kind: 'ratio',
        topic: m.numerator.topic,
        rows: (table) => periodRows(table(m.numerator.topic), periods, delivered, filter),
        num: `(${num}) AND (${den})`,
        den,
        fixed: fixedOf(m.filter, m.numerator.filter, m.denominator.filter),
        always: m.by,
      };
    }
    return `dimension contributions of a ratio need counts on one topic in both terms; "${m.id}" has ${m.numerator.fn} / ${m.denominator.fn}`;
  }
  if (m.kind === 'latency') {
    // Drilled down to the stage where time grew (its pairs placed by their start), or the pairs
    // of the metric itself, placed as it windows them.
    const within =
      stage !== null &&
      stage.topic === m.from.topic &&
      stage.topic === m.to.topic &&
      stage.key === m.from.key &&
      stage.key === m.to.key;
    return {
      kind: 'beyond',
      topic: m.to.topic,
      stat: latencyStatistic(m.stats),
      rows: (table) =>
        within
          ? latencyRows(
              { table: table(stage.topic), key: stage.key, filter: stage.from },
              { table: table(stage.topic), key: stage.key, filter: stage.to },
              periods,
              delivered,
              'from',
            )
          : latencyRows(
              { table: table(m.from.topic), key: m.from.key, filter: m.from.filter },
              { table: table(m.to.topic), key: m.to.key, filter: m.to.filter },
              periods,
              delivered,
            ),
      num: null,
      den: null,
      fixed: fixedOf(m.from.filter, m.to.filter, m.from.key, m.to.key),
      always: m.by,
    };
  }
  if (m.kind === 'state_duration') {
    return {
      kind: 'state',
      topic: m.topic,
      rows: (table) =>
        stateRows(
          { table: table(m.topic), key: m.key, state: m.state, values: m.values, filter: m.filter },
          periods,
          delivered,
        ),
      num: null,
      den: null,
      fixed: fixedOf(m.filter, m.state),
      always: [m.key],
      everyMs: m.everyMs,
    };
  }
  return `dimension contributions need a metric over one topic's records; "${m.id}" is a ${m.kind} metric (its SQL or trace join is not split by field)`;
}

/**
 * The stage of the workbook's lifecycle where time grew most: its topic and key, and the filters
 * of its two steps' records. A latency over the same topic and key is split by dimension over
 * this stage's pairs, each placed in the period it started in: a stage slowed in the window (a
 * delivery picked up then) shows there, while the whole latency ends, and is windowed, later.
 */
export interface StagePairs {
  name: string;
  topic: string;
  key: string;
  from: string;
  to: string;
}

/** One dimension value's aggregates (see `cellColumns`). */
interface Cell {
  d: string;
  v: string;
  x: number[];
}

/** The aggregates of a cell per analysis kind, over rows `r` (`tau0`: the baseline's statistic). */
function cellColumns(x: Measured, tau0: number): string[] {
  const w = `_p = 'w'`;
  const b = `_p = 'b'`;
  switch (x.kind) {
    case 'count':
    case 'ratio': {
      const n = x.num ?? 'FALSE';
      const d = x.den ?? 'TRUE';
      return [
        `count(*) FILTER (WHERE ${w} AND (${n}))`,
        `count(*) FILTER (WHERE ${w} AND (${d}))`,
        `count(*) FILTER (WHERE ${b} AND (${n}))`,
        `count(*) FILTER (WHERE ${b} AND (${d}))`,
      ];
    }
    case 'sum':
      return [
        `coalesce(sum(_x) FILTER (WHERE ${w}), 0)`,
        `count(*) FILTER (WHERE ${w})`,
        `coalesce(sum(_x) FILTER (WHERE ${b}), 0)`,
        `count(*) FILTER (WHERE ${b})`,
      ];
    case 'beyond': {
      const beyond = Number.isFinite(tau0) ? `_x ${x.stat?.below ? '<' : '>'} ${tau0}` : 'FALSE';
      return [
        `count(*) FILTER (WHERE ${w} AND ${beyond})`,
        `count(*) FILTER (WHERE ${w})`,
        `count(*) FILTER (WHERE ${b} AND ${beyond})`,
        `count(*) FILTER (WHERE ${b})`,
      ];
    }
    case 'state':
      return ['sum(_w) / 1000.0', 'sum(_b) / 1000.0', 'count(DISTINCT _k)'];
  }
}

/** How one analysis kind turns a dimension's cells into contributions, and the totals into a change. */
interface Splitter {
  contributions: (
    dimension: string,
    cells: readonly { value: string; x: number[] }[],
  ) => DimensionContribution[];
  value: (total: number[]) => { window: number; baseline: number; change: number };
  /**
   * Whether the part `x` of a slice moved more than the slice's rest `rest`, the way of the
   * slice's change: its share of the slice's records (sum, records beyond τ₀) grew; for a ratio,
   * its ratio moved further; for a state, each of its keys gained more time in the state.
   */
  steeper: (x: number[], rest: number[]) => boolean;
}

/**
 * Whether the part with `xw`, `xb` of a slice (window, baseline) took a larger share of the slice
 * from the baseline to the window than its rest (`rw`, `rb`) — when `sign` > 0, a smaller one
 * when < 0 —: the odds ratio `(xw + ½)(rb + ½) / ((xb + ½)(rw + ½))` beyond 1 (the ½ is the
 * Haldane–Anscombe correction: a part or a rest with no record in a period has a finite ratio).
 * `add` is ½ for counts, 0 for sums.
 */
const shareGrew = (sign: number, xw: number, xb: number, rw: number, rb: number, add = 0.5) =>
  sign * ((xw + add) * (rb + add) - (xb + add) * (rw + add)) > 0;

const ratioCell = (c: { value: string; x: number[] }): RatioCell => ({
  value: c.value,
  windowNum: c.x[0]!,
  windowDen: c.x[1]!,
  baselineNum: c.x[2]!,
  baselineDen: c.x[3]!,
});

function splitterOf(
  x: Measured,
  k: number,
  windowMs: number,
  stat: { window: number; baseline: number } | null,
): Splitter {
  switch (x.kind) {
    case 'count':
      return {
        contributions: (d, cells) =>
          countContributions(
            d,
            cells.map((c) => ({ value: c.value, window: c.x[1]!, baseline: c.x[3]! })),
            k,
          ),
        value: (t) => ({ window: t[1]!, baseline: t[3]! / k, change: t[1]! - t[3]! / k }),
        steeper: (x, r) =>
          shareGrew(Math.sign(x[1]! + r[1]! - (x[3]! + r[3]!) / k), x[1]!, x[3]!, r[1]!, r[3]!),
      };
    case 'ratio':
      return {
        contributions: (d, cells) => ratioContributions(d, cells.map(ratioCell)),
        value: (t) => {
          const after = t[0]! / t[1]!;
          const before = t[2]! / t[3]!;
          return { window: after, baseline: before, change: after - before };
        },
        steeper: (x, r) => {
          // with the same correction: (N + ½) / (D + 1)
          const change = (c: number[]) => (c[0]! + 0.5) / (c[1]! + 1) - (c[2]! + 0.5) / (c[3]! + 1);
          const sign = Math.sign(
            (x[0]! + r[0]!) / (x[1]! + r[1]!) - (x[2]! + r[2]!) / (x[3]! + r[3]!),
          );
          return sign * (change(x) - change(r)) > 0;
        },
      };
    case 'sum':
      return {
        contributions: (d, cells) =>
          sumContributions(
            d,
            cells.map((c) => ({
              value: c.value,
              windowSum: c.x[0]!,
              windowN: c.x[1]!,
              baselineSum: c.x[2]!,
              baselineN: c.x[3]!,
            })),
            k,
          ),
        value: (t) => ({ window: t[0]!, baseline: t[2]! / k, change: t[0]! - t[2]! / k }),
        steeper: (x, r) =>
          shareGrew(Math.sign(x[0]! + r[0]! - (x[2]! + r[2]!) / k), x[0]!, x[2]!, r[0]!, r[2]!, 0),
      };
    case 'beyond':
      return {
        contributions: (d, cells) =>
          countContributions(
            d,
            cells.map((c) => ({ value: c.value, window: c.x[0]!, baseline: c.x[2]! })),
            k,
          ).map((c, i) => ({ ...c, windowDen: cells[i]!.x[1]!, baselineDen: cells[i]!.x[3]! })),
        value: () => ({
          window: stat?.window ?? NaN,
          baseline: stat?.baseline ?? NaN,
          change: (stat?.window ?? NaN) - (stat?.baseline ?? NaN),
        }),
        steeper: (x, r) =>
          shareGrew(Math.sign(x[0]! + r[0]! - (x[2]! + r[2]!) / k), x[0]!, x[2]!, r[0]!, r[2]!),
      };
    case 'state':
      return {
        contributions: (d, cells) =>
          stateContributions(
            d,
            cells.map((c) => ({
              value: c.value,
              windowS: c.x[0]!,
              baselineS: c.x[1]!,
              keys: c.x[2]!,
            })),
            k,
            windowMs / 1000,
            (x.everyMs ?? 60_000) / 1000,
          ),
        value: (t) => ({ window: t[0]!, baseline: t[1]! / k, change: t[0]! - t[1]! / k }),
        steeper: (x, r) => {
          const perKey = (c: number[]) => (c[0]! - c[1]! / k) / c[2]!;
          return Math.sign(x[0]! + r[0]! - (x[1]! + r[1]!) / k) * (perKey(x) - perKey(r)) > 0;
        },
      };
  }
}

/** The formulas of an analysis kind under the names the panel reads (`dimension…`). */
export function dimensionFormulas(kind: AnalysisKind | null): Record<string, string> {
  if (kind === null) return {};
  const [change, contribution, g, loo] = {
    count: ['countChange', 'countContribution', 'countG', 'countLoo'],
    ratio: ['ratioChange', 'ratioContribution', 'ratioG', 'ratioLoo'],
    sum: ['sumChange', 'sumContribution', 'sumG', 'sumLoo'],
    beyond: ['beyondChange', 'beyondContribution', 'beyondG', 'beyondLoo'],
    state: ['stateChange', 'stateContribution', 'stateG', 'stateLoo'],
  }[kind] as (keyof typeof FORMULAS)[];
  return {
    dimensionChange: FORMULAS[change!],
    dimensionContribution: FORMULAS[contribution!],
    dimensionG: FORMULAS[g!],
    dimensionLoo: FORMULAS[loo!],
    dimensionRank: RANK_FORMULA,
  };
}

export const RANK_FORMULA =
  'rank: values with p < 0.02 first, then by explained share = leave-one-out (the share of the change that goes away without v); values under 3% of the change (contribution and leave-one-out) left out. A wider value (AED; Abu Dhabi × Talabat) keeps its place before a narrower one it holds (Dubai; a restaurant of Abu Dhabi × Talabat; which value holds which is learnt from the rows: a field determines another when their pair has as many values as it does) unless its change concentrates in the narrower one v: split into v and the rest, v carries over ½ of the wider one’s change and moved more than the rest — its share of the wider one’s records moved the way of the change, odds ratio (W_v + ½)(B_rest + ½) / ((B_v + ½)(W_rest + ½)) beyond 1 (a sum: its share of the sum; a ratio: its ratio (N + ½) / (D + 1) moved further than the rest’s; a state: more seconds per key than the rest)';

/** Best first: significant values first, then by the share of the change they explain. */
function rank(list: DimensionContribution[]): DimensionContribution[] {
  const sig = (c: DimensionContribution) => (c.p_value < SIGNIFICANCE ? 1 : 0);
  return list
    .filter(
      (c) =>
        Number.isFinite(c.contribution) &&
        Math.max(c.contribution, explained(c)) >= MIN_CONTRIBUTION,
    )
    .sort((a, b) => sig(b) - sig(a) || explained(b) - explained(a));
}

/**
 * The share of the change a value explains: its leave-one-out effect (Datadog Watchdog's), what
 * goes away when it is left out of both periods; for counts, sums and state time it equals the
 * contribution, for a ratio it leaves out the traffic the value only moved between values, for
 * a mean the records it only weighed down or up.
 */
function explained(c: DimensionContribution): number {
  return Number.isFinite(c.leave_one_out) ? c.leave_one_out : c.contribution;
}

/**
 * The dimension analysis of a metric: per dimension value its contribution, G-test and
 * leave-one-out effect; the best two-dimension combinations; for a ratio, the mix and rate split
 * per dimension; and the metric over the window and baseline.
 */
export function dimensionAnalysis(
  conn: DuckDBConnection,
  inputs: ExplainInputs,
  metric: MetricDef,
  periods: Periods,
  k: number,
  stage: StagePairs | null = null,
): Pick<Explanation, 'dimensions' | 'combinations' | 'mixRate' | 'value'> & {
  note?: string;
  analysis: AnalysisKind | null;
} {
  const none = { dimensions: [], combinations: [], mixRate: [], value: null };
  const measured = measuredOf(metric, periods, inputs.delivered, stage);
  if (typeof measured === 'string') return { ...none, note: measured, analysis: null };
  const have = inputs.columns.get(measured.topic);
  const missing = [measured.topic, ...(metric.kind === 'latency' ? [metric.from.topic] : [])].find(
    (t) => !inputs.columns.has(t),
  );
  if (!have || missing !== undefined) {
    return { ...none, note: `no topic "${missing ?? measured.topic}"`, analysis: measured.kind };
  }
  const rows = measured.rows((t) => inputs.tables.get(t) ?? t);
  const meta = new Set<string>(META_COLUMNS);
  const chosen = new Set(inputs.workbook.dimensions.map((d) => d.toLowerCase()));
  const always = new Set(measured.always.map((f) => f.toLowerCase()));
  const fields = [...have].filter(
    (f) =>
      !meta.has(f) &&
      f !== 'timestamp' &&
      (always.has(f.toLowerCase()) ||
        (!measured.fixed.has(f.toLowerCase()) &&
          (chosen.size === 0 || chosen.has(f.toLowerCase())))),
  );
  const distinct = fields.length
    ? (conn.query(distinctCountsSql(rows, fields)).toArray()[0] as Record<string, unknown>)
    : {};
  const valuesOf = (i: number) => Number(distinct[`c${i}`] ?? 0);
  // Amounts and other measures are not dimensions: text, flags and whole numbers are. A field the
  // workbook names a dimension (or the metric splits by) is one whatever its JSON type: a broker
  // id arrives as a DOUBLE.
  const named = (f: string) => always.has(f.toLowerCase()) || chosen.has(f.toLowerCase());
  const numeric = (i: number) =>
    /^(DOUBLE|FLOAT|REAL|DECIMAL)/.test(String(distinct[`t${i}`] ?? ''));
  const measure = (i: number) => numeric(i) && !named(fields[i]!);
  const wholeNumbers = new Set(fields.filter((_, i) => numeric(i)));
  const dims = fields.filter(
    (_, i) => valuesOf(i) >= 2 && valuesOf(i) <= MAX_DIMENSION_VALUES && !measure(i),
  );
  const small = dims.filter((f) => valuesOf(fields.indexOf(f)) <= MAX_PAIR_VALUES);
  const pairs: string[][] = [];
  for (let i = 0; i < small.length; i++) {
    for (let j = i + 1; j < small.length; j++) pairs.push([small[i]!, small[j]!]);
  }
  // A value metric: its statistic over the baseline's records (τ₀) and over the window's.
  let stat: { window: number; baseline: number } | null = null;
  if (measured.stat) {
    const row = conn
      .query(
        `SELECT CAST(${measured.stat.sql} FILTER (WHERE _p = 'w') AS DOUBLE) AS w,
          CAST(${measured.stat.sql} FILTER (WHERE _p = 'b') AS DOUBLE) AS b FROM (${rows})`,
      )
      .toArray()[0] as { w: number | null; b: number | null } | undefined;
    stat = { window: row?.w ?? NaN, baseline: row?.b ?? NaN };
  }
  const columns = cellColumns(measured, stat?.baseline ?? NaN);
  const cells: Cell[] = dims.length
    ? conn
        .query(dimensionCellsSql(rows, [...dims.map((d) => [d]), ...pairs], columns, wholeNumbers))
        .toArray()
        .map((row) => {
          const r = row as Record<string, unknown>;
          return {
            d: String(r['d']),
            v: String(r['v']),
            x: columns.map((_, i) => Number(r[`x${i}`] ?? 0)),
          };
        })
    : [];
  const byDimension = new Map<string, Cell[]>();
  for (const c of cells) {
    const list = byDimension.get(c.d) ?? [];
    list.push(c);
    byDimension.set(c.d, list);
  }
  const split = splitterOf(measured, k, periods.window.to - periods.window.from, stat);
  const ratio = measured.kind === 'ratio';
  const singles: DimensionContribution[] = [];
  const combos: DimensionContribution[] = [];
  const mixRate: MixRateSplit[] = [];
  const asCells = (list: Cell[]) => list.map((c) => ({ value: c.v, x: c.x }));
  for (const [d, list] of byDimension) {
    const out = split.contributions(d, asCells(list));
    if (!d.includes(' × ')) singles.push(...out);
    else if (!determined(d, list.length, byDimension)) combos.push(...out);
    if (ratio && !d.includes(' × ')) mixRate.push(mixRateSplit(d, asCells(list).map(ratioCell)));
  }
  // Any dimension's cells add up to the totals: read them from the first.
  const first = byDimension.values().next().value ?? [];
  const total = columns.map((_, i) => first.reduce((s, c) => s + c.x[i]!, 0));
  const fold = narrowerFirst(byDimension, split);
  const byBy = (m: MixRateSplit) => Math.abs(m.rate) + Math.abs(m.mix);
  return {
    dimensions: fold(rank(singles)),
    combinations: fold(rank(combos)).slice(0, 10),
    mixRate: mixRate.sort((a, b) => byBy(b) - byBy(a)),
    value: first.length ? split.value(total) : null,
    analysis: measured.kind,
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
 * Moves a slice before a wider one that holds it (region Dubai before currency AED, as Dubai
 * determines AED in the rows; `Dubai × Talabat` before `AED × Talabat`) when the wider one's
 * change concentrates in it: over the wider one's two parts, the slice and the rest (AED less
 * Dubai), the slice carries most of the change (its contribution over ½) and moved more than the
 * rest (`Splitter.steeper`: its share of the wider one's records grew). Else the wider one, the
 * more general name of the change, keeps its place: a restaurant carrying half of its region's
 * extra rejections while the region's other restaurants rejected more too names no more than
 * the region does.
 */
function narrowerFirst(
  byDimension: Map<string, Cell[]>,
  split: Splitter,
): (list: DimensionContribution[]) => DimensionContribution[] {
  // field=value → field → the value it determines (Dubai → currency → AED), from the pair cells
  const implied = new Map<string, Map<string, string>>();
  const cellOf = new Map<string, number[]>();
  for (const [d, cells] of byDimension) {
    for (const c of cells) cellOf.set(`${d}=${c.v}`, c.x);
    const fields = d.split(' × ');
    if (fields.length !== 2) continue;
    for (const [i, j] of [
      [0, 1],
      [1, 0],
    ] as const) {
      if (byDimension.get(fields[i]!)?.length !== cells.length) continue;
      for (const c of cells) {
        const values = c.v.split(' × ');
        const key = `${fields[i]}=${values[i]}`;
        const map = implied.get(key) ?? new Map<string, string>();
        map.set(fields[j]!, values[j]!);
        implied.set(key, map);
      }
    }
  }
  const parts = (c: DimensionContribution) => {
    const values = c.value.split(' × ');
    return c.dimension.split(' × ').map((f, i) => ({ f, v: values[i]! }));
  };
  // `fine` is held in `wide`: each part of `wide` is a part of `fine` or implied by one.
  const holds = (fine: DimensionContribution, wide: DimensionContribution) => {
    const a = parts(fine);
    const b = parts(wide);
    if (a.length !== b.length || fine.dimension === wide.dimension) return false;
    return b.every((y) =>
      a.some((x) => (x.f === y.f && x.v === y.v) || implied.get(`${x.f}=${x.v}`)?.get(y.f) === y.v),
    );
  };
  // strictly: a restaurant and its id (each determines the other) hold each other, neither is wider
  const within = (fine: DimensionContribution, wide: DimensionContribution) =>
    holds(fine, wide) && !holds(wide, fine);
  const concentrated = (fine: DimensionContribution, wide: DimensionContribution) => {
    const f = cellOf.get(`${fine.dimension}=${fine.value}`);
    const w = cellOf.get(`${wide.dimension}=${wide.value}`);
    if (!f || !w) return false;
    const rest = w.map((x, i) => Math.max(0, x - f[i]!));
    const [part] = split.contributions('within', [
      { value: 'part', x: f },
      { value: 'rest', x: rest },
    ]);
    return part!.contribution > 0.5 && split.steeper(f, rest);
  };
  return (list) => {
    const out = [...list];
    for (let i = 0; i < out.length; i++) {
      const wide = out[i]!;
      const j = out.findIndex(
        (c, n) => n > i && c.p_value < SIGNIFICANCE && within(c, wide) && concentrated(c, wide),
      );
      if (j > i) {
        const [fine] = out.splice(j, 1);
        out.splice(i, 0, fine!);
        i--;
      }
    }
    return out;
  };
}
