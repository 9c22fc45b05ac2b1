import { Document } from 'yaml';
import type { FiringInterval } from '../contract.ts';
import { invalid } from '../alerts/option-checks.ts';
import { pickEvalTimes } from './eval-times.ts';
import { prometheusDuration } from './prometheus-names.ts';
import { prometheusAlertingRule, type ExportRule } from './prometheus-rules.ts';
import { seriesNotation } from './series-notation.ts';

/** One input series of a rule's test: what Tapedeck's rule saw at each of its evaluations. */
export interface PromtoolInput {
  /** the series selector, e.g. `tapedeck:rejection_ratio{region="Dubai"}` */
  selector: string;
  /** value at evaluation `k` (`origin + k × rule.intervalMs`); NaN = absent */
  values: Float64Array;
}

/** A rule, what it read during the replay, and what Tapedeck says it did. */
export interface PromtoolCase {
  rule: ExportRule;
  /** the rule's first evaluation time (ms since epoch): `0s` in its test group */
  origin: number;
  /** all of the same length: the number of evaluations */
  inputs: readonly PromtoolInput[];
  /** Tapedeck's firing intervals; each `series` names an alert instance of `instanceLabels` */
  intervals: readonly FiringInterval[];
  /** each alert instance's labels in Prometheus (its series' labels) */
  instanceLabels: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** What one test group checks, for reporting. */
export interface PromtoolCaseSummary {
  id: string;
  alert: string;
  /** the time (ms since epoch) written as `0s` in the rule's test group */
  origin: number;
  /** the checked evaluation times, ms since epoch */
  evalTimes: number[];
}

/** A `promtool test rules` file and what it checks. */
export interface PromtoolTestFile {
  yaml: string;
  /** the file's `evaluation_interval` (the greatest common divisor of the rules' intervals) */
  evaluationIntervalMs: number;
  cases: PromtoolCaseSummary[];
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * A grid held constant between evaluations: each value repeated `factor` times (the last one
 * once), after `lead` missing ticks.
 */
function held(values: Float64Array, factor: number, lead: number): string {
  const out = new Float64Array(Math.max(0, (values.length - 1) * factor + 1));
  for (let i = 0; i < out.length; i++) out[i] = values[Math.floor(i / factor)]!;
  const notation = seriesNotation(out);
  return lead > 0 ? `_x${lead}${notation === '' ? '' : ` ${notation}`}` : notation;
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]) || v === b[i]);
}

/** A test group: cases whose inputs can share one time origin and one set of series. */
interface Group {
  cases: PromtoolCase[];
  /** selector → the case whose input it is (same origin, interval and values to share it) */
  inputs: Map<string, { c: PromtoolCase; values: Float64Array }>;
}

/**
 * Packs cases into as few test groups as possible (promtool evaluates every rule at every tick
 * of every group, so one group per rule would cost rules² evaluations): a case joins the first
 * group where each of its input series is new or identical (same origin, interval, values) and
 * its origin lies on the group's tick grid.
 */
function packGroups(cases: readonly PromtoolCase[], tick: number): Group[] {
  const groups: Group[] = [];
  for (const c of cases) {
    const fits = (g: Group) =>
      (c.origin - g.cases[0]!.origin) % tick === 0 &&
      c.inputs.every((input) => {
        const have = g.inputs.get(input.selector);
        return (
          !have ||
          (have.c.origin === c.origin &&
            have.c.rule.intervalMs === c.rule.intervalMs &&
            sameValues(have.values, input.values))
        );
      });
    let group = groups.find(fits);
    if (!group) {
      group = { cases: [], inputs: new Map() };
      groups.push(group);
    }
    group.cases.push(c);
    for (const input of c.inputs) {
      if (!group.inputs.has(input.selector))
        group.inputs.set(input.selector, { c, values: input.values });
    }
  }
  return groups;
}

/**
 * A `promtool test rules` file checking every case. promtool evaluates all rules at the file's
 * one `evaluation_interval`, so it is the greatest common divisor of the rules' intervals; a
 * coarser rule's inputs are held constant between its own evaluations (its value, or `stale`
 * for absent), so at a finer tick it sees what it saw at its last evaluation, and
 * `for`/`keep_firing_for` rounded up to its interval (see `prometheusAlertingRule`) make it
 * change state at its own evaluation times only — where it is checked. Cases share test groups
 * where their inputs allow (see `packGroups`); a group's `0s` is its earliest origin and later
 * inputs start with missing samples (`_`), before which the rule has no evaluations to check.
 * Expected alerts at a checked time are the instances Tapedeck had firing then (promtool lists
 * firing alerts only, never pending ones). Checked times per rule: see `pickEvalTimes`, at
 * most `maxEvalTimes` (default 60).
 */
export function promtoolTests(
  cases: readonly PromtoolCase[],
  options: { ruleFiles: readonly string[]; maxEvalTimes?: number },
): PromtoolTestFile {
  const maxEvalTimes = options.maxEvalTimes ?? 60;
  let tick = 0;
  for (const c of cases) {
    const i = c.rule.intervalMs;
    if (!(Number.isSafeInteger(i) && i > 0)) {
      invalid(`rule ${c.rule.id} intervalMs`, i, 'must be a whole number of ms > 0');
    }
    tick = gcd(i, tick);
    const length = c.inputs[0]?.values.length ?? 0;
    for (const s of c.inputs) {
      if (s.values.length !== length) {
        invalid(
          `rule ${c.rule.id} input ${s.selector} length`,
          s.values.length,
          `must be ${length}`,
        );
      }
    }
  }
  const evaluationIntervalMs = tick || 60_000;
  const summaries: PromtoolCaseSummary[] = [];
  const tests = packGroups(cases, evaluationIntervalMs).map((group) => {
    const origin = Math.min(...group.cases.map((c) => c.origin));
    const checks = group.cases.flatMap((c) => {
      const rule = prometheusAlertingRule(c.rule);
      const step = c.rule.intervalMs;
      const length = c.inputs[0]?.values.length ?? 0;
      const last = c.origin + Math.max(0, length - 1) * step;
      const evalTimes = pickEvalTimes(c.intervals, c.origin, last, step, maxEvalTimes);
      summaries.push({ id: c.rule.id, alert: rule.alert, origin, evalTimes });
      return evalTimes.map((t) => ({
        t,
        check: {
          eval_time: prometheusDuration(t - origin),
          alertname: rule.alert,
          exp_alerts: c.intervals
            .filter((iv) => iv.start <= t && (iv.end === null || t < iv.end))
            .map((iv) => {
              const labels = c.instanceLabels[iv.series];
              if (!labels) invalid(`rule ${c.rule.id} interval series`, iv.series, 'has no labels');
              return {
                exp_labels: { ...labels, ...rule.labels },
                exp_annotations: { ...rule.annotations },
              };
            }),
        },
      }));
    });
    return {
      interval: prometheusDuration(evaluationIntervalMs),
      input_series: [...group.inputs].map(([selector, { c, values }]) => ({
        series: selector,
        values: held(
          values,
          c.rule.intervalMs / evaluationIntervalMs,
          (c.origin - origin) / evaluationIntervalMs,
        ),
      })),
      alert_rule_test: checks.sort((a, b) => a.t - b.t).map((x) => x.check),
    };
  });
  const doc = new Document(
    {
      rule_files: [...options.ruleFiles],
      evaluation_interval: prometheusDuration(evaluationIntervalMs),
      tests,
    },
    { aliasDuplicateObjects: false },
  );
  const origins = [...new Set(summaries.map((s) => s.origin))];
  doc.commentBefore = [
    ' Generated by Tapedeck from a replay: expected alerts are what Tapedeck evaluated.',
    ' Input series hold what each rule saw at its evaluations; `stale` = no value then.',
    ` Time 0s of each test group, in order: ${origins.map((o) => new Date(o).toISOString()).join(', ')}`,
    ' Run: promtool test rules <this file>',
  ].join('\n');
  return { yaml: doc.toString({ lineWidth: 0 }), evaluationIntervalMs, cases: summaries };
}
