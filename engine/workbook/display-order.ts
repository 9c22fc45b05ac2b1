import type { MetricInfo } from '../contract.ts';
import { metricAlert, metricStepMs } from './compile-metric.ts';
import type { MetricDef, Workbook } from '../contract.ts';

/** A workbook's metrics in display order: chart order (first appearance), then the rest in file order. */
export function displayOrder(wb: Pick<Workbook, 'charts' | 'metrics'>): MetricDef[] {
  const byId = new Map(wb.metrics.map((m) => [m.id, m]));
  const ids = [...wb.charts.flatMap((c) => c.metrics), ...wb.metrics.map((m) => m.id)];
  const out = new Map<string, MetricDef>();
  for (const id of ids) {
    const def = byId.get(id);
    if (def && !out.has(id)) out.set(id, def);
  }
  return [...out.values()];
}

/** What a chart shows of each metric of a workbook, in display order (before any source is loaded). */
export function workbookMetricInfo(
  wb: Pick<Workbook, 'charts' | 'metrics' | 'alerts'>,
): MetricInfo[] {
  return displayOrder(wb).map((def) => ({
    id: def.id,
    title: def.title,
    unit: def.unit,
    stepMs: metricStepMs(def),
    description: def.description,
    alert: metricAlert(wb, def.id),
  }));
}
