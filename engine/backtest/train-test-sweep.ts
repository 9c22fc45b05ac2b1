import type { Incident } from '../../formats/index.ts';
import type { AlertRuleDef, MetricDef, Series, SliDef, Workbook } from '../contract.ts';
import type { ThresholdAlertRule } from '../alerts/threshold-rule.ts';
import { evaluateRuleOn, ruleGrid } from '../workbook/evaluate-alerts.ts';
import { ruleScoring } from './rule-scoring.ts';
import {
  recommendThreshold,
  safeRanges,
  type Recommendation,
  type SafeRange,
} from './safe-range.ts';
import {
  heldOutScores,
  sweepSets,
  type HeldOutScores,
  type SetSweepRow,
  type SweepSet,
} from './sweep-sets.ts';
import { bestThreshold, withinGoal, type SweepGoal } from './threshold-sweep.ts';

/** What sweeping a workbook threshold rule on one source needs. */
export interface RuleSweepSetInput {
  name: string;
  workbook: Pick<Workbook, 'metrics' | 'backtest'>;
  rule: AlertRuleDef;
  /** the rule's metric (threshold and anomaly rules) */
  metric: MetricDef | null;
  /** the rule's SLI (a burn-rate rule, whose one series is the SLI's minutes) */
  sli?: SliDef | null;
  /** the rule's metric series (or its SLI's minutes) as of the replay time */
  series: readonly Series[];
  /** every incident label of the source; the rule's are picked by `ruleScoring` */
  incidents: readonly Incident[];
  /** the replayed span `[start, end)`: the source's first record to the replay time */
  span: { start: number; end: number };
}

/**
 * A workbook threshold rule's sweep set on one source: scored as `tapedeck backtest` and the
 * alert lab score it (`ruleScoring`: its incidents in scope, tolerances, span, scope), on the
 * grid `evaluateMetricRule` evaluates it on (`ruleGrid` up to the replay time `span.end`).
 */
export function ruleSweepSet(input: RuleSweepSetInput): SweepSet {
  const { rule, metric, series, span } = input;
  // A burn-rate rule runs on the SLI's minute grid; the grid matters to threshold sweeps only.
  const grid =
    rule.kind === 'burn_rate' || metric === null
      ? { intervalMs: 60_000, start: span.start, until: span.end }
      : ruleGrid(rule, metric, series, span.end);
  const { incidents, options } = ruleScoring({
    workbook: input.workbook,
    rule,
    seriesLabels: series.map((s) => s.label),
    incidents: input.incidents,
    span,
  });
  return {
    name: input.name,
    series,
    incidents,
    options: { ...grid, ...options },
  };
}

/** A rule's sweep set on one source, or why the rule cannot be swept there. */
export type SourceSweepSet = { set: SweepSet; error: null } | { set: null; error: string };

/**
 * `ruleSweepSet` for a source whose frame may lack the rule's metric (`series` undefined: the
 * workbook could not compute it there) or on which the engine cannot evaluate the rule (more
 * series than its `max_series`): then no set, and the reason. What
 * `tapedeck sweep` and the alert lab's other sources both take a source's set from.
 */
export function sourceSweepSet(
  input: Omit<RuleSweepSetInput, 'series'> & { series: readonly Series[] | undefined },
): SourceSweepSet {
  const { series, rule, span } = input;
  if (!series) {
    const what = rule.kind === 'burn_rate' ? `SLI ${rule.sli}` : `metric ${rule.metric}`;
    return { set: null, error: `${what} is not computed for this source` };
  }
  try {
    evaluateRuleOn(rule, { metric: input.metric, sli: input.sli ?? null }, series, span.end);
  } catch (err) {
    return { set: null, error: err instanceof Error ? err.message : String(err) };
  }
  return { set: ruleSweepSet({ ...input, series }), error: null };
}

/** A sweep chosen on some sets and tested on others. */
export interface TrainTestSweep {
  /** the train sets' rows, pooled (`sweepSets`): `for`-major, thresholds in the order given */
  rows: SetSweepRow[];
  /** the train rows' safe ranges for the goal */
  ranges: SafeRange<SetSweepRow>[];
  /** the middle of the widest safe range (`recommendThreshold`); null when no row meets the goal */
  recommendation: Recommendation<SetSweepRow> | null;
  /** the edge pick (`bestThreshold`): what the sweep recommended before safe ranges */
  edge: SetSweepRow | null;
  /** the recommendation's scores on the held-out sets; null without any or without a recommendation */
  heldOut: (HeldOutScores & { withinGoal: boolean }) | null;
}

/**
 * Sweeps `rule` over the `train` sets, recommends the middle of the widest safe range there, and
 * scores that threshold and `for` on the `test` sets, which took no part in choosing it: whether
 * it still meets the goal's limits there (`withinGoal` on their pooled score) says whether the
 * threshold generalizes or was fitted to the training incidents.
 */
export function trainTestSweep(input: {
  train: readonly SweepSet[];
  test: readonly SweepSet[];
  rule: ThresholdAlertRule;
  thresholds: number[];
  forValues?: number[];
  goal: SweepGoal;
}): TrainTestSweep {
  const { rule, goal } = input;
  const rows = sweepSets(input.train, rule, input.thresholds, input.forValues);
  const recommendation = recommendThreshold(rows, goal);
  let heldOut: TrainTestSweep['heldOut'] = null;
  if (recommendation && input.test.length > 0) {
    const { threshold, forMs } = recommendation.row;
    const scores = heldOutScores(input.test, rule, threshold, forMs);
    heldOut = { ...scores, withinGoal: withinGoal(scores.pooled, goal) };
  }
  return {
    rows,
    ranges: safeRanges(rows, goal),
    recommendation,
    edge: bestThreshold(rows, goal),
    heldOut,
  };
}
