import type { AggregateFn, Comparison, Workbook } from '../../engine/index.ts';
import { parseDuration } from '../../formats/index.ts';
import { freeId, type MetricDraft, type RuleDraft } from './workbook-edit.ts';

/** The "Make a metric" form as typed: text fields, checked by `metricDraftOf`. */
export interface MetricForm {
  topic: string;
  fn: AggregateFn;
  field: string;
  q: string;
  filter: string;
  by: string[];
  size: string;
  /** empty: tumbling */
  hop: string;
  title: string;
  unit: string;
}

/** The aggregates in the order the form offers them, with their words. */
export const AGGREGATES: readonly { fn: AggregateFn; label: string }[] = [
  { fn: 'count', label: 'count' },
  { fn: 'sum', label: 'sum' },
  { fn: 'avg', label: 'average' },
  { fn: 'quantile', label: 'quantile' },
  { fn: 'count_distinct', label: 'distinct' },
  { fn: 'min', label: 'min' },
  { fn: 'max', label: 'max' },
];

/** A fresh form for `topic`: records per minute. */
export function newMetricForm(topic: string): MetricForm {
  return {
    topic,
    fn: 'count',
    field: '',
    q: '0.95',
    filter: '',
    by: [],
    size: '1m',
    hop: '',
    title: '',
    unit: '',
  };
}

/** The title a metric gets when the form leaves it empty, e.g. `p95 of amount on payments by method`. */
export function defaultTitle(f: MetricForm): string {
  const what =
    f.fn === 'count'
      ? `${f.topic} records`
      : f.fn === 'quantile'
        ? `p${Math.round(Number(f.q) * 100)} of ${f.field || '…'} on ${f.topic}`
        : `${AGGREGATES.find((a) => a.fn === f.fn)?.label ?? f.fn} of ${f.field || '…'} on ${f.topic}`;
  const where = f.filter.trim() ? ` where ${f.filter.trim()}` : '';
  const by = f.by.length > 0 ? ` by ${f.by.join(', ')}` : '';
  return `${what}${where}${by}`.replace(/^./, (c) => c.toUpperCase());
}

/** The form as a metric draft with an id not yet in `wb`, or what is wrong with it. */
export function metricDraftOf(
  f: MetricForm,
  wb: Pick<Workbook, 'metrics'> | null,
): { draft: MetricDraft } | { error: string } {
  if (!f.topic) return { error: 'choose a topic' };
  if (f.fn !== 'count' && !f.field) return { error: `${f.fn} needs a field` };
  let q: number | null = null;
  if (f.fn === 'quantile') {
    q = Number(f.q);
    if (!(q > 0 && q < 1)) return { error: `quantile q must be between 0 and 1, not "${f.q}"` };
  }
  let sizeMs: number;
  let hopMs: number | null = null;
  try {
    sizeMs = parseDuration(f.size);
    if (f.hop.trim()) hopMs = parseDuration(f.hop);
  } catch (err) {
    return { error: `window: ${(err as Error).message}` };
  }
  if (hopMs !== null && (hopMs > sizeMs || sizeMs % hopMs !== 0)) {
    return { error: `window: the hop (${f.hop}) must divide the size (${f.size})` };
  }
  const title = f.title.trim() || defaultTitle(f);
  return {
    draft: {
      id: freeId(
        (wb?.metrics ?? []).map((m) => m.id),
        title.toLowerCase().slice(0, 48),
      ),
      title,
      unit: f.unit.trim() || (f.fn === 'count' ? 'records' : ''),
      topic: f.topic,
      fn: f.fn,
      field: f.fn === 'count' ? null : f.field,
      q,
      filter: f.filter,
      by: f.by,
      sizeMs,
      hopMs,
    },
  };
}

/** The "Add an alert rule" form as typed. */
export interface RuleForm {
  metric: string;
  op: Comparison;
  value: string;
  /** a duration (`2m`, `30s`) or empty for none */
  for: string;
  title: string;
}

/** The form as a threshold rule draft with an id not yet in `wb`, or what is wrong with it. */
export function ruleDraftOf(
  f: RuleForm,
  wb: Pick<Workbook, 'metrics' | 'alerts'> | null,
): { draft: RuleDraft } | { error: string } {
  const metric = wb?.metrics.find((m) => m.id === f.metric);
  if (!metric) return { error: f.metric ? `no metric "${f.metric}"` : 'choose a metric' };
  const value = Number(f.value);
  if (f.value.trim() === '' || !Number.isFinite(value)) {
    return { error: `the threshold must be a number, not "${f.value}"` };
  }
  let forMs = 0;
  try {
    if (f.for.trim()) forMs = parseDuration(f.for, { allowZero: true });
  } catch (err) {
    return { error: `for: ${(err as Error).message}` };
  }
  const title = f.title.trim() || `${metric.title} ${f.op} ${f.value.trim()}`;
  return {
    draft: {
      id: freeId(
        (wb?.alerts ?? []).map((a) => a.id),
        `${metric.id}-alert`,
      ),
      title,
      metric: metric.id,
      op: f.op,
      value,
      forMs,
    },
  };
}
