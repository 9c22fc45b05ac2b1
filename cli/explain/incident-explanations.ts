import type { ExplanationScore, ExplanationSummary } from '../../engine/index.ts';
import { incidentMetric, scoreExplanation, summarizeExplanations } from '../../engine/index.ts';
import type { HeadlessReplay } from '../alerts-as-code/headless-replay.ts';

/** An incident that could not be explained, and why. */
export interface UnexplainedIncident {
  incident: string;
  kind: string;
  error: string;
}

/** What `backtest --json` adds: each incident's top explanation, scored against its label. */
export interface BacktestExplanations {
  explanations: (ExplanationScore | UnexplainedIncident)[];
  explanationSummary: ExplanationSummary;
}

/**
 * Explains every labelled incident of the replay (the metric of the rule catching its kind, the
 * preceding 4× baseline, as known at the replay time) and scores each against its label.
 */
export async function explainIncidents(replay: HeadlessReplay): Promise<BacktestExplanations> {
  const explanations: BacktestExplanations['explanations'] = [];
  const scores: ExplanationScore[] = [];
  for (const incident of replay.workbook.incidents) {
    const base = { incident: incident.id, kind: incident.kind };
    const metric = incidentMetric(incident, replay.workbook.workbook);
    if (metric === null) {
      explanations.push({ ...base, error: 'the workbook has no metric' });
      continue;
    }
    if (incident.start >= replay.time) {
      explanations.push({ ...base, error: 'starts after the replay time' });
      continue;
    }
    try {
      const x = await replay.engine.explain({
        metric,
        from: incident.start,
        to: incident.end,
        time: replay.time,
      });
      const score = scoreExplanation(incident, x);
      scores.push(score);
      explanations.push(score);
    } catch (err) {
      explanations.push({ ...base, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return { explanations, explanationSummary: summarizeExplanations(scores) };
}

const rank = (r: number | null): string => (r === null ? '–' : `#${r}`);

/** The explanations as a text table for `tapedeck backtest`. */
export function explanationTable(x: BacktestExplanations): string {
  const s = x.explanationSummary;
  const lines = [
    '',
    'Explanations (each incident against its preceding 4× window; ranks of the labelled scope and cause):',
    `  labelled scope ranked first in ${s.scopeFirst}/${s.scoped}, in the top 3 in ${s.scopeTop3}/${s.scoped}; ` +
      `cause event first in ${s.causeFirst}/${s.caused}, in the top 3 in ${s.causeTop3}/${s.caused}`,
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
