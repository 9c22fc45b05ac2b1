import type {
  AlertRuleDef,
  Frame,
  MetricDef,
  ParamRange,
  ParamSetting,
  Series,
  SliDef,
  SweepSet,
  Workbook,
} from '../../engine/index.ts';
import { parseParamRange, sourceSweepSet, withParams } from '../../engine/index.ts';
import type { Incident } from '../../formats/index.ts';
import type { LabSourceData, LabSourceRole } from './lab-source-load.ts';
import type { TimeRange } from './replay-time.ts';

/** The rules a parameter search can tune: every rule of the workbook, in its order. */
export function searchableRules(wb: Pick<Workbook, 'alerts'>): AlertRuleDef[] {
  return [...wb.alerts];
}

/** The series a rule runs on in a frame: its metric's, or its SLI's minutes as one series. */
export function ruleInput(
  rule: AlertRuleDef,
  frame: Pick<Frame, 'metrics' | 'slis'> | null,
): readonly Series[] | undefined {
  if (rule.kind === 'burn_rate') {
    const minutes = frame?.slis?.find((s) => s.id === rule.sli)?.minutes;
    return minutes ? [minutes] : undefined;
  }
  return frame?.metrics.find((m) => m.id === rule.metric)?.series;
}

/** A starting search for a rule: the parameters people tune first, around its own values. */
export function defaultSpecs(rule: AlertRuleDef): string {
  if (rule.kind === 'burn_rate') {
    return rule.pairs
      .map((p) => `factor.${p.name}=${p.factor / 2},${p.factor},${p.factor * 2}`)
      .join('\n');
  }
  if (rule.kind === 'threshold') return 'for=0,1m,3m,5m,10m\nkeep_firing_for=0,5m';
  return 'k=2:5:0.5\nwindow=30m,1h,2h\nmin_relative_deviation=0,0.1';
}

/** One `NAME=…` per non-empty line, parsed as `tapedeck sweep --param` parses it. */
export function parseSpecs(text: string): { ranges: ParamRange[]; errors: string[] } {
  const ranges: ParamRange[] = [];
  const errors: string[] = [];
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .forEach((line, i) => {
      try {
        const range = parseParamRange(line);
        if (ranges.some((r) => r.name === range.name)) {
          errors.push(`line ${i + 1}: ${range.name} is given twice`);
        } else ranges.push(range);
      } catch (err) {
        errors.push(`line ${i + 1}: ${(err as Error).message}`);
      }
    });
  if (ranges.length === 0 && errors.length === 0) errors.push('no parameter to search');
  return { ranges, errors };
}

/** What the lab's search is made of: this replay and the other sources, as sets. */
export interface SearchSetsInput {
  workbook: Pick<Workbook, 'metrics' | 'slis' | 'backtest'>;
  rule: AlertRuleDef;
  /** the frame at the replay time: the rule's metric series or SLI minutes, as known then */
  frame: Pick<Frame, 'metrics' | 'slis'> | null;
  incidents: readonly Incident[];
  range: TimeRange;
  until: number;
  others: readonly { name: string; role: LabSourceRole; data: LabSourceData | null }[];
}

/**
 * The sets a search chooses on (this replay to the replay time, then the other sources marked
 * training) and tests on (the held-out ones), each `sourceSweepSet` as `tapedeck sweep` takes a
 * recording's; a source on which the rule cannot run is left out with its reason.
 */
export function searchSets(input: SearchSetsInput): {
  train: SweepSet[];
  test: SweepSet[];
  problems: string[];
} {
  const { workbook, rule } = input;
  const metric =
    rule.kind === 'burn_rate' ? null : (workbook.metrics.find((m) => m.id === rule.metric) ?? null);
  const sli =
    rule.kind === 'burn_rate' ? (workbook.slis.find((s) => s.id === rule.sli) ?? null) : null;
  const problems: string[] = [];
  const here = sourceSweepSet({
    name: 'this replay',
    workbook,
    rule,
    metric,
    sli,
    series: ruleInput(rule, input.frame),
    incidents: input.incidents,
    span: { start: input.range.start, end: Math.max(input.until, input.range.start + 1) },
  });
  const train: SweepSet[] = [];
  const test: SweepSet[] = [];
  if (here.set) train.push(here.set);
  else problems.push(`this replay: ${here.error}`);
  for (const o of input.others) {
    if (!o.data) continue;
    const swept = sourceSweepSet({
      name: o.name,
      workbook,
      rule,
      metric,
      sli,
      series: ruleInput(rule, o.data),
      incidents: o.data.summary.incidents,
      span: o.data.span,
    });
    if (!swept.set) problems.push(`${o.name}: ${swept.error}`);
    else (o.role === 'train' ? train : test).push(swept.set);
  }
  return { train, test, problems };
}

/** `wb` with rule `ruleId` set to `params` (a searched setting); throws for an unknown rule. */
export function withSearchedParams(wb: Workbook, ruleId: string, params: ParamSetting): Workbook {
  const rule = searchableRules(wb).find((r) => r.id === ruleId);
  if (!rule) throw new Error(`rule "${ruleId}": not a rule of ${wb.name}`);
  const tuned = withParams(rule, params);
  return { ...wb, alerts: wb.alerts.map((a) => (a.id === ruleId ? tuned : a)) };
}

/**
 * What a search's scores depend on in the workbook and the labels: the rule, the metric or SLI
 * it runs on, the backtest's matching options and the incident labels scored against.
 */
export interface SearchBasis {
  rule: AlertRuleDef;
  input: MetricDef | SliDef | null;
  backtest: Workbook['backtest'];
  incidents: readonly Incident[];
}

/** The basis of a search for rule `ruleId` in `wb` against `incidents`; null without the rule. */
export function searchBasis(
  wb: Pick<Workbook, 'alerts' | 'metrics' | 'slis' | 'backtest'>,
  ruleId: string,
  incidents: readonly Incident[],
): SearchBasis | null {
  const rule = wb.alerts.find((a) => a.id === ruleId);
  if (!rule) return null;
  const input =
    rule.kind === 'burn_rate'
      ? (wb.slis.find((s) => s.id === rule.sli) ?? null)
      : (wb.metrics.find((m) => m.id === rule.metric) ?? null);
  return { rule, input, backtest: wb.backtest, incidents };
}

/**
 * Why a search made on `ran` no longer holds on `now` (null: it still holds). The parameters
 * searched (`params`: any candidate's setting, which names them all) are set alike on both
 * rules before they are compared, so saving a candidate into the workbook keeps the search.
 */
export function searchStaleness(
  ran: SearchBasis,
  now: SearchBasis | null,
  params: ParamSetting | null,
): string | null {
  const id = ran.rule.id;
  if (!now) return `the workbook no longer has rule ${id}`;
  const masked = (rule: AlertRuleDef): string | null => {
    try {
      return JSON.stringify(params ? withParams(rule, params) : rule);
    } catch {
      return null;
    }
  };
  const before = masked(ran.rule);
  const after = masked(now.rule);
  if (after === null || before !== after) {
    return `rule ${id} changed in the workbook since (beyond the parameters searched)`;
  }
  if (JSON.stringify(ran.input) !== JSON.stringify(now.input)) {
    const what = ran.rule.kind === 'burn_rate' ? 'SLI' : 'metric';
    return `the ${what} ${now.input?.id ?? ''} that rule ${id} runs on has changed in the workbook since`;
  }
  if (JSON.stringify(ran.backtest) !== JSON.stringify(now.backtest)) {
    return 'the backtest options (tolerance, flap) changed in the workbook since';
  }
  if (JSON.stringify(ran.incidents) !== JSON.stringify(now.incidents)) {
    return 'the incident labels changed since';
  }
  return null;
}

/** The parameters a search panel shows for a rule, and what they were filled in from. */
export interface SearchSpecs {
  specs: string;
  /** the rule they were filled in for */
  specsFor: string | null;
  /** the defaults they were filled with */
  specsDefault: string | null;
}

/**
 * The parameters to show for rule `ruleId` (whose defaults are `defaults`), or null to keep
 * `now`: the defaults when the rule is new to the panel, or when the typed parameters are
 * still the previous defaults (a burn-rate rule's factors moved) and no result was found with
 * them; otherwise what the user typed stays.
 */
export function specsFor(
  now: SearchSpecs,
  ruleId: string,
  defaults: string,
  hasResult: boolean,
): SearchSpecs | null {
  const untouched = now.specs === now.specsDefault && !hasResult;
  if (now.specsFor === ruleId && !untouched) return null;
  if (now.specsFor === ruleId && now.specs === defaults) return null;
  return { specs: defaults, specsFor: ruleId, specsDefault: defaults };
}
