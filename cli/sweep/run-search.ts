import path from 'node:path';
import {
  DURATION_PARAMS,
  compareCandidates,
  searchRule,
  type BacktestScore,
  type ParamRange,
  type ParamSetting,
  type SearchPlan,
  type SweepGoal,
} from '../../engine/index.ts';
import { formatDuration } from '../../formats/index.ts';
import { earlyText, humanDuration } from '../alerts-as-code/backtest-table.ts';
import type { IncompleteItem } from '../alerts-as-code/replay-outcome.ts';
import { loadSweepSources, type SweepSourcesOptions } from './run-sweep.ts';
import { scoreSummary, type ScoreSummary } from './sweep-report.ts';
import { goalText } from './sweep-options.ts';
import type { SweepRole, SweepSource } from './sweep-sources.ts';

/** Version tag of the `--param` search's `--json` document. */
export const SEARCH_FORMAT = 'tapedeck-sweep-params/1';

/** What `tapedeck sweep --param …` is asked. */
export interface SearchOptions extends SweepSourcesOptions {
  ranges: ParamRange[];
  plan: SearchPlan;
  goal: SweepGoal;
}

/** One candidate in the report: its parameters (durations in ms), and its scores. */
export interface CandidateReport {
  params: ParamSetting;
  /** 1 = best for the goal on the training recordings (`compareCandidates`); null without scores */
  rank: number | null;
  error: string | null;
  train: ScoreSummary | null;
  holdout: ScoreSummary | null;
}

/** The `--param` search's `--json` document (`tapedeck-sweep-params/1`). */
export interface SearchReport {
  format: typeof SEARCH_FORMAT;
  workbook: string;
  /** `metric`: the rule's metric, or a burn-rate rule's SLI */
  rule: { id: string; title: string; kind: string; metric: string };
  goal: SweepGoal;
  /** grid, or random with its budget and seed; each parameter's values (durations in ms) */
  search: SearchPlan & { ranges: ParamRange[]; candidates: number };
  recordings: {
    recording: string;
    role: SweepRole;
    records: number;
    incidents: string[];
    swept: boolean;
  }[];
  /** every candidate, in grid order */
  candidates: CandidateReport[];
  /**
   * the recommended setting, chosen on the training recordings, with its scores there and on
   * the held-out ones and each parameter's margin (grid only); null when none meets the goal
   */
  recommended:
    | (CandidateReport & {
        margins: { name: string; value: number; from: number; to: number }[] | null;
      })
    | null;
  /** a plain sentence: what is recommended and whether it holds on held-out data, or why nothing is */
  statement: string;
  incomplete: (IncompleteItem & { recording: string })[];
}

const summary = (s: BacktestScore | null) => (s === null ? null : scoreSummary(s));

/**
 * Loads the recordings (`loadSweepSources`: the metric computed once per recording), then
 * evaluates and scores the rule with every candidate setting on them (`searchRule`).
 */
export async function runSearch(
  options: SearchOptions,
): Promise<{ report: SearchReport; sources: SweepSource[] }> {
  const { sources, known, train, test } = await loadSweepSources(options, true);
  const result = searchRule({
    rule: known.rule,
    metric: known.metric,
    sli: known.sli,
    train,
    test,
    ranges: options.ranges,
    plan: options.plan,
    goal: options.goal,
  });
  const order = result.candidates
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.train !== null)
    .sort((a, b) => compareCandidates(a.c, b.c, options.goal) || a.i - b.i);
  const rank = new Map(order.map(({ c }, r) => [c.params, r + 1]));
  const candidate = (c: (typeof result.candidates)[number]): CandidateReport => ({
    params: c.params,
    rank: rank.get(c.params) ?? null,
    error: c.error,
    train: summary(c.train),
    holdout: summary(c.holdout),
  });
  const report: SearchReport = {
    format: SEARCH_FORMAT,
    workbook: known.name,
    rule: {
      id: known.rule.id,
      title: known.rule.title,
      kind: known.rule.kind,
      metric: known.rule.kind === 'burn_rate' ? known.rule.sli : known.rule.metric,
    },
    goal: { ...options.goal },
    search: { ...options.plan, ranges: options.ranges, candidates: result.candidates.length },
    recordings: sources.map((s) => ({
      recording: s.recording,
      role: s.role,
      records: s.accounting.records,
      incidents: s.set?.incidents.map((i) => i.id) ?? [],
      swept: s.set !== null,
    })),
    candidates: result.candidates.map(candidate),
    recommended: result.recommended
      ? { ...candidate(result.recommended), margins: result.recommended.margins }
      : null,
    statement: result.statement,
    incomplete: sources.flatMap((s) => s.incomplete.map((i) => ({ ...i, recording: s.recording }))),
  };
  return { report, sources };
}

/** A parameter value for people: durations as `10m`, numbers with at most 4 significant digits. */
export function paramText(name: string, v: number): string {
  if (DURATION_PARAMS.has(name as never)) return v === 0 ? '0s' : formatDuration(v);
  return String(v === 0 || !Number.isFinite(v) ? v : Number(v.toPrecision(4)));
}

const settingText = (p: ParamSetting) =>
  Object.entries(p)
    .map(([k, v]) => `${k}=${paramText(k, v!)}`)
    .join(' ');

const percent = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);

function scoreText(s: ScoreSummary | null): string {
  if (s === null) return '—';
  const mttd = s.meanTimeToDetectMs === null ? '—' : humanDuration(s.meanTimeToDetectMs, true);
  return (
    `recall ${s.recall === null ? '—' : `${s.detected}/${s.incidents} ${percent(s.recall)}`}, ` +
    `precision ${percent(s.precision)}, ${s.falseAlerts} false (${s.falseAlertsPerWeek.toFixed(1)}/week), ` +
    `MTTD ${mttd}, early ${earlyText(s.earlyDetection?.standard)}`
  );
}

/** Candidates listed in the table: the best by the goal first. */
const SHOWN = 15;

/** The search for people: what was searched, the best candidates, the recommendation. */
export function searchTable(report: SearchReport): string {
  const { search } = report;
  const how =
    search.kind === 'grid'
      ? `grid of ${search.candidates}`
      : `random search, budget ${search.budget}, seed ${search.seed}: ${search.candidates} candidates`;
  const recordings = (role: SweepRole) =>
    report.recordings
      .filter((r) => r.role === role)
      .map(
        (r) =>
          `${path.basename(r.recording)} (${r.swept ? `${r.incidents.length} incidents` : 'not swept'})`,
      )
      .join(', ') || 'none';
  const out = [
    `Search of ${report.rule.id} — ${report.rule.title} (${report.rule.kind}) with workbook ${report.workbook}`,
    `Goal: ${goalText(report.goal)}`,
    `Parameters: ${search.ranges.map((r) => `${r.name} ∈ {${r.values.map((v) => paramText(r.name, v)).join(', ')}}`).join('; ')} (${how})`,
    `Train: ${recordings('train')}`,
    `Held out: ${recordings('holdout')}`,
    '',
  ];
  const ranked = report.candidates.filter((c) => c.rank !== null).sort((a, b) => a.rank! - b.rank!);
  out.push(
    `Best ${Math.min(SHOWN, ranked.length)} of ${report.candidates.length} on the training recordings:`,
  );
  for (const c of ranked.slice(0, SHOWN))
    out.push(`  ${settingText(c.params)}: ${scoreText(c.train)}`);
  const failed = report.candidates.filter((c) => c.error !== null);
  if (failed.length > 0) {
    out.push(
      `${failed.length} candidates could not be evaluated, e.g. ${settingText(failed[0]!.params)}: ${failed[0]!.error}`,
    );
  }
  out.push('');
  const rec = report.recommended;
  if (rec) {
    out.push(`Recommended: ${settingText(rec.params)}`, `  train: ${scoreText(rec.train)}`);
    if (rec.holdout) out.push(`  held out: ${scoreText(rec.holdout)}`);
    for (const m of rec.margins ?? []) {
      out.push(
        `  ${m.name} can move from ${paramText(m.name, m.from)} to ${paramText(m.name, m.to)} (now ${paramText(m.name, m.value)}) before recall or false alerts change`,
      );
    }
  }
  out.push(report.statement, '');
  return out.join('\n');
}
