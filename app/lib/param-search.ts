import type {
  MetricAlertDef,
  MetricDef,
  ParamRange,
  ParamSetting,
  Series,
  SweepSet,
  Workbook,
} from '../../engine/index.ts';
import { parseParamRange, sourceSweepSet, withParams } from '../../engine/index.ts';
import type { Incident } from '../../formats/index.ts';
import type { LabSourceData, LabSourceRole } from './lab-source-load.ts';
import type { TimeRange } from './replay-time.ts';

/** The rules a parameter search can tune: threshold and anomaly rules, in workbook order. */
export function searchableRules(wb: Pick<Workbook, 'alerts'>): MetricAlertDef[] {
  return wb.alerts.filter(
    (a): a is MetricAlertDef => a.kind === 'threshold' || a.kind === 'anomaly',
  );
}

/** A starting search for a rule: the parameters people tune first, around its own values. */
export function defaultSpecs(rule: MetricAlertDef): string {
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
  workbook: Pick<Workbook, 'metrics' | 'backtest'>;
  rule: MetricAlertDef;
  metric: MetricDef;
  /** the rule's metric series in the frame, as of the replay time */
  series: readonly Series[];
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
  const { workbook, rule, metric } = input;
  const problems: string[] = [];
  const here = sourceSweepSet({
    name: 'this replay',
    workbook,
    rule,
    metric,
    series: input.series,
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
      series: o.data.metrics.find((m) => m.id === rule.metric)?.series,
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
  if (!rule) throw new Error(`rule "${ruleId}": not a threshold or anomaly rule of ${wb.name}`);
  const tuned = withParams(rule, params);
  return { ...wb, alerts: wb.alerts.map((a) => (a.id === ruleId ? tuned : a)) };
}
