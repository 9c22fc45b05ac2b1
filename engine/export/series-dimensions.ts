import type { MetricDef } from '../contract.ts';

/** The separator the engine joins `by` values (and a latency stat) with in a series label. */
const SEPARATOR = ' · ';

/**
 * The dimensions a metric's series are split by, in label order: the `by` fields (plus `stat`
 * for a latency metric with several stats), the key of a state-duration metric, `dimension`
 * for a SQL metric that returns one.
 */
export function metricDimensions(def: MetricDef, labels: readonly string[] = []): string[] {
  switch (def.kind) {
    case 'aggregate':
    case 'ratio':
      return [...def.by];
    case 'latency':
      return def.stats.length > 1 ? [...def.by, 'stat'] : [...def.by];
    case 'state_duration':
      return [def.key];
    case 'sql':
      return labels.some((l) => l !== def.label) ? ['dimension'] : [];
    case 'trace':
      return ['hop'];
  }
}

/**
 * A series label taken apart into its dimension values (see the label rules in
 * `engine/workbook/types.ts`): `Dubai · p95` of a latency metric by region with two stats is
 * `{ region: 'Dubai', stat: 'p95' }`; the fixed label of a metric without dimensions is `{}`.
 * A label that does not split into one part per dimension is kept whole under the first one.
 */
export function seriesDimensions(
  def: MetricDef,
  label: string,
  dimensions: readonly string[] = metricDimensions(def),
): Record<string, string> {
  if (dimensions.length === 0) return {};
  const bare = def.kind === 'latency' && def.by.length === 0;
  // A latency metric without `by` labels its series `<label> · <stat>`.
  const parts = label.split(SEPARATOR).slice(bare && dimensions.length === 1 ? 1 : 0);
  if (parts.length !== dimensions.length) return { [dimensions[0]!]: label };
  return Object.fromEntries(dimensions.map((d, i) => [d, parts[i]!]));
}
