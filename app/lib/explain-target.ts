import type { ExplainRequest, Workbook } from '../../engine/index.ts';
import type { Incident } from '../../formats/index.ts';

/** What the explanation panel explains, and where the request came from. */
export interface ExplainTarget {
  metric: string;
  from: number;
  to: number;
  /** a firing interval, an incident label or a window brushed on a chart */
  origin: 'firing' | 'incident' | 'brush';
  /** e.g. `firing of Riyadh`, `rejection-spike-1` */
  label: string;
}

/** The kind an incident stands for: a near-miss resembles another kind. */
function kindOf(incident: Incident): string {
  return incident.scope['resembles'] ?? incident.kind;
}

/**
 * The metric that explains an incident: that of the first threshold or anomaly rule catching
 * its kind (a near-miss: the kind it resembles); else the workbook's first metric; null with
 * no metric.
 */
export function incidentMetric(incident: Incident, workbook: Workbook): string | null {
  const kind = kindOf(incident);
  for (const rule of workbook.alerts) {
    if (rule.kind === 'burn_rate') continue;
    if (rule.catches.includes(kind)) return rule.metric;
  }
  return workbook.metrics[0]?.id ?? null;
}

/** The engine request for a target at replay time `time`, with the baseline chosen. */
export function explainRequest(
  target: ExplainTarget,
  time: number,
  baseline: 'preceding' | 'same-hour',
): ExplainRequest {
  return {
    metric: target.metric,
    from: target.from,
    to: target.to,
    time,
    baseline: baseline === 'same-hour' ? { kind: 'same-hour' } : { kind: 'preceding', factor: 4 },
  };
}
