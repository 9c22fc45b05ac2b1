import type { ExplainRequest } from '../../engine/index.ts';

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
