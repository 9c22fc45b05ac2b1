import type { Incident } from '../../formats/index.ts';
import type { Workbook } from '../contract.ts';

/**
 * The metric that explains an incident: that of the first threshold or anomaly rule catching
 * its kind (a near-miss: the kind its scope says it `resembles`); else the workbook's first
 * metric; null with no metric.
 */
export function incidentMetric(incident: Incident, workbook: Workbook): string | null {
  const kind = incident.scope['resembles'] ?? incident.kind;
  for (const rule of workbook.alerts) {
    if (rule.kind === 'burn_rate') continue;
    if (rule.catches.includes(kind)) return rule.metric;
  }
  return workbook.metrics[0]?.id ?? null;
}
