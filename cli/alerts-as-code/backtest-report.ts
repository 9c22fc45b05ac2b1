import {
  intervalIncidents,
  ruleScoring,
  scoreRule,
  type AlertRuleDef,
  type AlertRuleResult,
  type BacktestScore,
  type RecordFault,
  type Workbook,
} from '../../engine/index.ts';
import { formatDuration } from '../../engine/node.ts';
import type { Incident } from '../../formats/index.ts';
import type { InputAccounting } from './input-accounting.ts';
import { incompleteItems, type IncompleteItem } from './replay-outcome.ts';

/** Version tag of the `--json` document; bumped on any incompatible change of its shape. */
export const BACKTEST_FORMAT = 'tapedeck-backtest/1';

/** A time as both ISO 8601 UTC and ms since epoch. */
export interface TimePoint {
  iso: string;
  ms: number;
}

/** One firing interval `[start, end)` of one series, and the incidents it detected. */
export interface IntervalReport {
  series: string;
  start: TimePoint;
  /** null: still firing at the end of the replay */
  end: TimePoint | null;
  durationMs: number | null;
  /** ids of the in-scope incidents this alert matches; empty = a false alert */
  incidents: string[];
}

/** One rule's backtest. */
export interface RuleReport {
  id: string;
  title: string;
  kind: AlertRuleDef['kind'];
  severity: 'page' | 'ticket';
  /** the rule in one line, e.g. `rejection-ratio > 0.1 for 3m` */
  condition: string;
  /** incident kinds the rule is scored against (empty = every kind, unless not `scored`) */
  catches: string[];
  /**
   * false for a rule marked `scored: false`: scored against no incident, so its recall is null,
   * `--min-recall` does not apply and its score counts every alert as false (read it as "alerts")
   */
  scored: boolean;
  /** incident scope key its series are matched by, or null */
  scope: string | null;
  /** how long before an incident and after its end an alert of the rule detects it */
  tolerance: { beforeMs: number; afterMs: number };
  /** why the rule could not be evaluated; null when it was */
  error: string | null;
  series: number;
  intervals: IntervalReport[];
  /** ratios are null when undefined (no incidents: recall; no alerts: precision) */
  score: BacktestScore;
}

/**
 * The whole `tapedeck backtest --json` document (shape `tapedeck-backtest/1`): the replay, every
 * line of the recording accounted for (`lines = records + excludedRecords + malformedLines +
 * blankLines`), the
 * incidents scored against, per rule its firing intervals and scores, and what could not be
 * computed. Times are `{ iso, ms }`, durations ms.
 */
export interface BacktestReport {
  format: typeof BACKTEST_FORMAT;
  recording: string;
  labels: string | null;
  workbook: string;
  /** the replayed span `[start, end)`: first record to the replay time */
  span: { start: TimePoint; end: TimePoint; days: number };
  /** lines of the recording read, blank ones included: `records + excludedRecords + malformedLines + blankLines` */
  lines: number;
  records: number;
  /** how many lines are malformed (`malformed` lists the first 1000) */
  malformedLines: number;
  /** empty or whitespace-only lines, skipped */
  blankLines: number;
  /** the malformed lines the engine kept (its first 1000): 1-based line number and reason */
  malformed: { line: number; reason: string }[];
  /** records read but left out of the replay (repeated offsets, outlier timestamps) */
  excludedRecords: number;
  /** records with a fault: left out, or loaded with invalid UTF-8 replaced (`faults` lists the first 1000) */
  faultCount: number;
  faults: RecordFault[];
  incidents: {
    id: string;
    kind: string;
    start: TimePoint;
    end: TimePoint;
    scope: Record<string, string>;
  }[];
  /** metrics and SLIs the workbook defines that this recording cannot compute */
  unavailable: { id: string; reason: string }[];
  rules: RuleReport[];
  tolerance: { beforeMs: number; afterMs: number };
  /** the `--min-recall` asked for, and the rules with incidents in scope that fell below it */
  minRecall: number | null;
  belowMinRecall: string[];
  /**
   * rules with an error, metrics and SLIs not computed, lines unaccounted for: non-empty makes
   * the command exit 3 unless `--allow-incomplete`
   */
  incomplete: IncompleteItem[];
}

/** Everything a report is built from. */
export interface BacktestInput {
  recording: string;
  labels: string | null;
  workbookName: string;
  workbook: Workbook;
  results: readonly AlertRuleResult[];
  incidents: readonly Incident[];
  unavailable: readonly { id: string; reason: string }[];
  span: { start: number; end: number };
  accounting: InputAccounting;
  minRecall?: number;
}

function at(ms: number): TimePoint {
  return { iso: new Date(ms).toISOString(), ms };
}

/** The rule in one line. */
export function ruleCondition(rule: AlertRuleDef): string {
  const d = formatDuration;
  const suffix = (forMs: number, keepMs: number, everyMs: number | null) =>
    (forMs > 0 ? ` for ${d(forMs)}` : '') +
    (keepMs > 0 ? ` keep_firing_for ${d(keepMs)}` : '') +
    (everyMs !== null ? ` every ${d(everyMs)}` : '');
  switch (rule.kind) {
    case 'threshold':
      return `${rule.metric} ${rule.op} ${rule.value}${suffix(rule.forMs, rule.keepFiringForMs, rule.everyMs)}`;
    case 'anomaly': {
      const side = { both: '±', above: '+', below: '−' }[rule.direction];
      const seasonal = rule.seasonal ? `, same time on ${rule.seasonal.periods} past periods` : '';
      return `${rule.metric} beyond mean ${side} ${rule.k}σ of ${d(rule.windowMs)}${seasonal}${suffix(rule.forMs, rule.keepFiringForMs, rule.everyMs)}`;
    }
    case 'burn_rate':
      return `${rule.sli} burn rate ${rule.pairs.map((p) => `${p.name} > ${p.factor}`).join(' or ')}`;
  }
}

/**
 * Scores every rule's firing intervals against its incidents in scope, the way the alert lab
 * does (`ruleScoring` in engine/backtest/rule-scoring.ts), and lists which incidents each
 * interval detected.
 */
export function backtestReport(input: BacktestInput): BacktestReport {
  const { workbook: wb, span } = input;
  const tolerance = {
    beforeMs: wb.backtest.toleranceBeforeMs,
    afterMs: wb.backtest.toleranceAfterMs,
  };
  const rules = wb.alerts.map((rule): RuleReport => {
    const result = input.results.find((r) => r.id === rule.id);
    const intervals = result?.intervals ?? [];
    const scoring = ruleScoring({
      workbook: wb,
      rule,
      seriesLabels: intervals.map((i) => i.series),
      incidents: input.incidents,
      span,
    });
    return {
      id: rule.id,
      title: rule.title,
      kind: rule.kind,
      severity: rule.severity,
      condition: ruleCondition(rule),
      catches: [...rule.catches],
      scored: rule.scored !== false,
      scope: rule.scope,
      tolerance: scoring.options.tolerance,
      error: result ? result.error : 'not evaluated',
      series: result?.series ?? 0,
      intervals: intervals.map((iv) => ({
        series: iv.series,
        start: at(iv.start),
        end: iv.end === null ? null : at(iv.end),
        durationMs: iv.end === null ? null : iv.end - iv.start,
        incidents: intervalIncidents(iv, scoring),
      })),
      score: scoreRule(intervals, scoring),
    };
  });
  const minRecall = input.minRecall ?? null;
  return {
    format: BACKTEST_FORMAT,
    recording: input.recording,
    labels: input.labels,
    workbook: input.workbookName,
    span: { start: at(span.start), end: at(span.end), days: (span.end - span.start) / 86_400_000 },
    lines: input.accounting.lines,
    records: input.accounting.records,
    malformedLines: input.accounting.malformedLines,
    blankLines: input.accounting.blankLines,
    malformed: input.accounting.malformed.map((m) => ({ ...m })),
    excludedRecords: input.accounting.excludedRecords,
    faultCount: input.accounting.faultCount,
    faults: input.accounting.faults.map((f) => ({ ...f })),
    incidents: input.incidents.map((i) => ({
      id: i.id,
      kind: i.kind,
      start: at(i.start),
      end: at(i.end),
      scope: { ...i.scope },
    })),
    unavailable: input.unavailable.map((u) => ({ ...u })),
    rules,
    tolerance,
    minRecall,
    belowMinRecall:
      minRecall === null
        ? []
        : rules
            .filter((r) => r.score.incidents > 0 && (r.score.recall ?? 0) < minRecall)
            .map((r) => r.id),
    incomplete: incompleteItems({
      workbook: wb,
      unavailable: input.unavailable,
      rules,
      accounting: input.accounting,
    }),
  };
}
