import type { Incident } from '../../formats/index.ts';
import type {
  ExplainRequest,
  ExplanationScore,
  ExplanationSummary,
  Workbook,
} from '../../engine/index.ts';
import {
  DEFAULT_BASELINE_FACTOR,
  incidentMetric,
  scoreExplanation,
  summarizeByLabel,
  summarizeExplanations,
} from '../../engine/index.ts';
import type { HeadlessReplay } from '../alerts-as-code/headless-replay.ts';
import type { Engine } from '../../engine/node.ts';

/** An incident that could not be explained, and why. */
export interface UnexplainedIncident {
  incident: string;
  kind: string;
  error: string;
}

/** What `backtest --json` adds: each incident's top explanation, scored against its label. */
export interface BacktestExplanations {
  explanations: (ExplanationScore | UnexplainedIncident)[];
  /** over every label with a scope or a cause (incidents and near-misses) */
  explanationSummary: ExplanationSummary;
  /** over the incidents alone, and over the near-misses alone */
  incidentSummary: ExplanationSummary;
  nearMissSummary: ExplanationSummary;
}

/**
 * Explains every labelled incident of the replay (the metric of the rule catching its kind, the
 * preceding 4× baseline moved back before earlier labels of that metric, as known at the replay
 * time) and scores each against its label.
 */
export async function explainIncidents(replay: HeadlessReplay): Promise<BacktestExplanations> {
  return explainLabelled(
    replay.engine,
    replay.workbook.workbook,
    replay.workbook.incidents,
    replay.time,
  );
}

/** `explainIncidents` over any engine with a source loaded, its workbook and labels. */
export async function explainLabelled(
  engine: Pick<Engine, 'explain'>,
  workbook: Workbook,
  labels: readonly Incident[],
  time: number,
): Promise<BacktestExplanations> {
  const explanations: BacktestExplanations['explanations'] = [];
  const scores: ExplanationScore[] = [];
  for (const incident of labels) {
    const base = { incident: incident.id, kind: incident.kind };
    const metric = incidentMetric(incident, workbook);
    if (metric === null) {
      explanations.push({ ...base, error: 'the workbook has no metric' });
      continue;
    }
    if (incident.start >= time) {
      explanations.push({ ...base, error: 'starts after the replay time' });
      continue;
    }
    try {
      const x = await engine.explain({
        metric,
        from: incident.start,
        to: incident.end,
        time,
        baseline: cleanBaseline(incident, metric, labels, workbook),
      });
      const score = scoreExplanation(incident, x);
      scores.push(score);
      explanations.push(score);
    } catch (err) {
      explanations.push({ ...base, error: err instanceof Error ? err.message : String(err) });
    }
  }
  const { incidents, nearMisses } = summarizeByLabel(scores);
  return {
    explanations,
    explanationSummary: summarizeExplanations(scores),
    incidentSummary: incidents,
    nearMissSummary: nearMisses,
  };
}

/**
 * The preceding 4× baseline of `incident`, moved back before any earlier labelled incident or
 * near-miss explained by the same metric that it would hold (a baseline should be normal: one
 * holding another rejection spike makes this one's change look small, or negative).
 */
export function cleanBaseline(
  incident: Incident,
  metric: string,
  labels: readonly Incident[],
  workbook: Workbook,
): ExplainRequest['baseline'] {
  const length = incident.end - incident.start;
  const same = labels.filter(
    (o) => o !== incident && o.start < incident.start && incidentMetric(o, workbook) === metric,
  );
  let end = incident.start;
  for (;;) {
    const from = end - DEFAULT_BASELINE_FACTOR * length;
    const inside = same.filter((o) => o.start < end && o.end > from);
    if (inside.length === 0) break;
    end = Math.min(...inside.map((o) => o.start));
  }
  return { kind: 'preceding', factor: DEFAULT_BASELINE_FACTOR, end };
}

const rank = (r: number | null): string => (r === null ? '–' : `#${r}`);

/** The explanations as a text table for `tapedeck backtest`. */
export function explanationTable(x: BacktestExplanations): string {
  const line = (what: string, s: ExplanationSummary) =>
    `  ${what}: labelled scope ranked first in ${s.scopeFirst}/${s.scoped}, in the top 3 in ${s.scopeTop3}/${s.scoped}; ` +
    `cause event first in ${s.causeFirst}/${s.caused}, in the top 3 in ${s.causeTop3}/${s.caused}`;
  const lines = [
    '',
    'Explanations (each incident against its preceding 4× window, moved back before earlier labels of its metric; ranks of the labelled scope and cause):',
    line('incidents', x.incidentSummary),
    line('near-misses', x.nearMissSummary),
  ];
  for (const e of x.explanations) {
    if ('error' in e) {
      lines.push(`  ${e.incident.padEnd(24)} not explained: ${e.error}`);
      continue;
    }
    const top = e.top.combination ?? e.top.dimension;
    const event = e.top.event ? `${e.top.event.type} ${e.top.event.scope ?? ''}`.trim() : '–';
    lines.push(
      `  ${e.incident.padEnd(24)} ${e.metric.padEnd(22)} scope ${rank(e.scopeRank).padEnd(3)} cause ${
        e.hasCause ? rank(e.causeRank) : 'n/a'
      }  top: ${top ? `${top.dimension}=${top.value}` : '–'}; ${event}; stage ${e.top.stage ?? '–'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
