import type {
  AlertRuleDef,
  AnomalyAlertDef,
  BurnRateAlertDef,
  MetricDef,
  SliDef,
  ThresholdAlertDef,
} from '../contract.ts';
import { evaluateRuleOn } from '../workbook/evaluate-alerts.ts';
import { scoreAlerts, type BacktestScore } from './backtest-score.ts';
import { poolScores, type SweepSet } from './sweep-sets.ts';
import { withinGoal, type SweepGoal } from './threshold-sweep.ts';

const DAY_MS = 86_400_000;

/**
 * A rule parameter a search may vary, as the workbook names it; a burn-rate rule's pair factor
 * is `factor.<pair name>` (`factor.1h/5m`).
 */
export type RuleParamName =
  | `factor.${string}`
  | 'value'
  | 'for'
  | 'keep_firing_for'
  | 'k'
  | 'clear_k'
  | 'window'
  | 'min_std'
  | 'min_deviation'
  | 'min_relative_deviation'
  | 'warm_up'
  | 'seasonal.periods'
  | 'seasonal.period';

/** Parameters that are durations (ms inside, `10m` in flags and reports). */
export const DURATION_PARAMS: ReadonlySet<string> = new Set<RuleParamName>([
  'for',
  'keep_firing_for',
  'window',
  'warm_up',
  'seasonal.period',
]);

const THRESHOLD_PARAMS: readonly RuleParamName[] = ['value', 'for', 'keep_firing_for'];
const ANOMALY_PARAMS: readonly RuleParamName[] = [
  'k',
  'clear_k',
  'window',
  'for',
  'keep_firing_for',
  'min_std',
  'min_deviation',
  'min_relative_deviation',
  'warm_up',
  'seasonal.periods',
  'seasonal.period',
];

/** Every parameter some rule kind has (burn-rate pair factors: `factor.<pair name>`). */
export const RULE_PARAM_NAMES: readonly RuleParamName[] = [
  ...new Set([...THRESHOLD_PARAMS, ...ANOMALY_PARAMS]),
];

/** Whether `name` is a parameter name some rule kind may have. */
export function isRuleParamName(name: string): name is RuleParamName {
  return (RULE_PARAM_NAMES as readonly string[]).includes(name) || /^factor\..+/.test(name);
}

/** The parameters a rule has, in the order reports list them. */
export function ruleParams(rule: AlertRuleDef): readonly RuleParamName[] {
  if (rule.kind === 'burn_rate') return rule.pairs.map((p): RuleParamName => `factor.${p.name}`);
  return rule.kind === 'threshold' ? THRESHOLD_PARAMS : ANOMALY_PARAMS;
}

/** One parameter's values to try, ascending. */
export interface ParamRange {
  name: RuleParamName;
  values: number[];
}

/** One setting of the searched parameters. */
export type ParamSetting = Partial<Record<RuleParamName, number>>;

/**
 * `rule` with `params` set (durations in ms). Throws, naming the parameter and the rule, for a
 * parameter the rule's kind does not have; values are checked where the rule is evaluated.
 */
export function withParams<R extends AlertRuleDef>(rule: R, params: ParamSetting): R {
  const allowed = ruleParams(rule);
  let out: AlertRuleDef = { ...rule };
  for (const [name, v] of Object.entries(params) as [RuleParamName, number][]) {
    if (!allowed.includes(name)) {
      throw new Error(
        `rule ${rule.id} (${rule.kind}) has no parameter ${name}; it has ${allowed.join(', ')}`,
      );
    }
    if (out.kind === 'burn_rate') out = withFactor(out, name, v);
    else if (name === 'for') out = { ...out, forMs: v };
    else if (name === 'keep_firing_for') out = { ...out, keepFiringForMs: v };
    else if (out.kind === 'threshold') out = { ...out, value: v } satisfies ThresholdAlertDef;
    else out = withAnomalyParam(out, name, v);
  }
  return out as R;
}

function withFactor(rule: BurnRateAlertDef, name: string, v: number): BurnRateAlertDef {
  const pair = name.slice('factor.'.length);
  return { ...rule, pairs: rule.pairs.map((p) => (p.name === pair ? { ...p, factor: v } : p)) };
}

function withAnomalyParam(rule: AnomalyAlertDef, name: RuleParamName, v: number): AnomalyAlertDef {
  switch (name) {
    case 'k':
      return { ...rule, k: v };
    case 'clear_k':
      return { ...rule, clearK: v };
    case 'window':
      return { ...rule, windowMs: v };
    case 'min_std':
      return { ...rule, minStd: v };
    case 'min_deviation':
      return { ...rule, minDeviation: v };
    case 'min_relative_deviation':
      return { ...rule, minRelativeDeviation: v };
    case 'warm_up':
      return { ...rule, warmUpMs: v };
    case 'seasonal.periods':
      return { ...rule, seasonal: { periodMs: rule.seasonal?.periodMs ?? DAY_MS, periods: v } };
    case 'seasonal.period':
      return { ...rule, seasonal: { periodMs: v, periods: rule.seasonal?.periods ?? 1 } };
    default:
      return rule;
  }
}

/** How candidates are drawn from the parameter ranges. */
export type SearchPlan = { kind: 'grid' } | { kind: 'random'; budget: number; seed: number };

/** Most candidates a search evaluates: a grid past it must be searched at random instead. */
export const MAX_CANDIDATES = 100_000;

/** mulberry32: a small seeded generator, so a random search is the same on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The settings to evaluate: every combination of the ranges (grid, the first range varying
 * slowest), or `budget` distinct combinations drawn uniformly with `seed` (all of them when the
 * grid is no larger), in grid order. Throws when a grid is larger than `MAX_CANDIDATES`.
 */
export function candidateSettings(ranges: readonly ParamRange[], plan: SearchPlan): ParamSetting[] {
  const sizes = ranges.map((r) => r.values.length);
  const total = sizes.reduce((a, b) => a * b, 1);
  if (ranges.some((r) => r.values.length === 0)) return [];
  const setting = (index: number): ParamSetting => {
    const at = new Array<number>(ranges.length);
    let rest = index;
    for (let p = ranges.length - 1; p >= 0; p--) {
      at[p] = rest % sizes[p]!;
      rest = Math.floor(rest / sizes[p]!);
    }
    const out: ParamSetting = {};
    ranges.forEach((r, p) => (out[r.name] = r.values[at[p]!]!));
    return out;
  };
  if (plan.kind === 'grid' || plan.budget >= total) {
    if (total > MAX_CANDIDATES) {
      throw new Error(
        `${total} combinations: a grid searches at most ${MAX_CANDIDATES}; search at random with a budget`,
      );
    }
    return Array.from({ length: total }, (_, i) => setting(i));
  }
  const next = random(plan.seed);
  const picked = new Set<number>();
  while (picked.size < plan.budget) picked.add(Math.floor(next() * total));
  return [...picked].sort((a, b) => a - b).map(setting);
}

/** One candidate's scores: pooled and per set, on the training sets and the held-out ones. */
export interface Candidate {
  params: ParamSetting;
  /** why the rule could not be evaluated with these parameters (then no scores) */
  error: string | null;
  train: BacktestScore | null;
  trainPerSet: BacktestScore[];
  holdout: BacktestScore | null;
  holdoutPerSet: BacktestScore[];
}

/** How far one parameter of the recommendation can move before recall or false alerts change. */
export interface ParamMargin {
  name: RuleParamName;
  value: number;
  /** the lowest and highest searched value reachable without a change, the others held */
  from: number;
  to: number;
}

/** A search's result: every candidate, and the one recommended for the goal, or why none. */
export interface RuleSearch {
  candidates: Candidate[];
  recommended: (Candidate & { margins: ParamMargin[] | null }) | null;
  /** a plain sentence on the recommendation, or on why there is none */
  statement: string;
}

/** What a rule search needs: the rule and its metric or SLI, training and held-out sets, the plan. */
export interface RuleSearchInput {
  rule: AlertRuleDef;
  /** the rule's metric (threshold and anomaly rules) */
  metric: MetricDef | null;
  /** the rule's SLI (burn-rate rules; each set's series is then the SLI's minutes) */
  sli?: SliDef | null;
  train: readonly SweepSet[];
  test: readonly SweepSet[];
  ranges: readonly ParamRange[];
  plan: SearchPlan;
  goal: SweepGoal;
}

function setDays(set: SweepSet): number {
  return (set.options.span.end - set.options.span.start) / DAY_MS;
}

/**
 * Evaluates `rule` with each candidate setting on every set — `evaluateRuleOn` (the rule's
 * own evaluation) on the set's series (computed once per recording, shared by every candidate) and `scoreAlerts` with
 * the set's incidents and options, the one scoring path — and pools the training and held-out
 * scores (`poolScores`). The recommendation is chosen on the training sets only: among
 * candidates within the goal's limits, the highest score to maximize, then the highest
 * early-detection score, the earliest mean detection, the fewest alerts, the earliest in grid
 * order. None within the limits: no recommendation, and the statement says so.
 */
export function searchRule(input: RuleSearchInput): RuleSearch {
  const settings = candidateSettings(input.ranges, input.plan);
  const defs = { metric: input.metric, sli: input.sli ?? null };
  const scoreOn = (sets: readonly SweepSet[], rule: AlertRuleDef) =>
    sets.map((set) =>
      scoreAlerts(
        evaluateRuleOn(rule, defs, set.series, set.options.span.end),
        set.incidents,
        set.options,
      ),
    );
  const pool = (sets: readonly SweepSet[], scores: BacktestScore[]) =>
    scores.length === 0
      ? null
      : poolScores(scores.map((score, i) => ({ score, days: setDays(sets[i]!) })));
  const candidates = settings.map((params): Candidate => {
    try {
      const rule = withParams(input.rule, params);
      const trainPerSet = scoreOn(input.train, rule);
      const holdoutPerSet = scoreOn(input.test, rule);
      return {
        params,
        error: null,
        train: pool(input.train, trainPerSet),
        trainPerSet,
        holdout: pool(input.test, holdoutPerSet),
        holdoutPerSet,
      };
    } catch (err) {
      return {
        params,
        error: err instanceof Error ? err.message : String(err),
        train: null,
        trainPerSet: [],
        holdout: null,
        holdoutPerSet: [],
      };
    }
  });
  const within = candidates.filter((c) => c.train !== null && withinGoal(c.train, input.goal));
  if (within.length === 0) {
    const evaluated = candidates.filter((c) => c.error === null).length;
    return {
      candidates,
      recommended: null,
      statement:
        evaluated === 0
          ? `No candidate could be evaluated (${candidates[0]?.error ?? 'no candidates'}).`
          : `No candidate of ${evaluated} meets the goal's limits on the training recordings: none is recommended.`,
    };
  }
  const best = within.reduce((a, b) => (compareCandidates(b, a, input.goal) < 0 ? b : a));
  const margins = input.plan.kind === 'grid' ? paramMargins(best, candidates, input.ranges) : null;
  const holdoutText =
    best.holdout === null
      ? ''
      : withinGoal(best.holdout, input.goal)
        ? ' It meets them on the held-out recordings too.'
        : ' It misses them on the held-out recordings: it was fitted to the training ones.';
  return {
    candidates,
    recommended: { ...best, margins },
    statement: `The recommended setting meets the goal's limits on the training recordings.${holdoutText}`,
  };
}

/**
 * Orders candidates best first for the goal (negative when `a` is better): the score to
 * maximize, then the early-detection score, the earlier mean detection, the fewer alerts;
 * candidates without training scores last. Equal candidates compare 0 (grid order decides).
 */
export function compareCandidates(a: Candidate, b: Candidate, goal: SweepGoal): number {
  if (a.train === null || b.train === null)
    return (a.train === null ? 1 : 0) - (b.train === null ? 1 : 0);
  const sa = a.train;
  const sb = b.train;
  const desc = (x: number | null | undefined, y: number | null | undefined) =>
    (y ?? -Infinity) - (x ?? -Infinity);
  return (
    desc(sa[goal.maximize], sb[goal.maximize]) ||
    desc(sa.earlyDetection?.standard.normalized, sb.earlyDetection?.standard.normalized) ||
    (sa.meanTimeToDetectMs ?? Infinity) - (sb.meanTimeToDetectMs ?? Infinity) ||
    sa.alerts - sb.alerts
  );
}

/**
 * For each searched parameter, the run of its values around the recommendation (the other
 * parameters held) whose training recall and false alerts equal the recommendation's.
 */
function paramMargins(
  best: Candidate,
  candidates: readonly Candidate[],
  ranges: readonly ParamRange[],
): ParamMargin[] {
  const same = (c: Candidate | undefined) =>
    c?.train != null &&
    c.train.recall === best.train!.recall &&
    c.train.falseAlerts === best.train!.falseAlerts;
  const find = (params: ParamSetting) =>
    candidates.find((c) => ranges.every((r) => c.params[r.name] === params[r.name]));
  return ranges.map((r) => {
    const value = best.params[r.name]!;
    const at = r.values.indexOf(value);
    let lo = at;
    while (lo > 0 && same(find({ ...best.params, [r.name]: r.values[lo - 1] }))) lo--;
    let hi = at;
    while (hi < r.values.length - 1 && same(find({ ...best.params, [r.name]: r.values[hi + 1] })))
      hi++;
    return { name: r.name, value, from: r.values[lo]!, to: r.values[hi]! };
  });
}
