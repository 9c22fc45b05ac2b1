import type { Incident } from '../../formats/index.ts';

/**
 * A source's incident labels (a recording's `labels.json`, a scenario's ground truth) merged
 * with the workbook's. Precedence: a workbook incident replaces the source's incident with the
 * same id (the user corrects or redraws a label); all others are kept. Sorted by start, then id.
 */
export function mergeIncidents(
  source: readonly Incident[],
  workbook: readonly Incident[],
): Incident[] {
  const byId = new Map<string, Incident>();
  for (const incident of source) byId.set(incident.id, incident);
  for (const incident of workbook) byId.set(incident.id, incident);
  return [...byId.values()]
    .map((i) => ({ ...i, scope: { ...i.scope } }))
    .sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
