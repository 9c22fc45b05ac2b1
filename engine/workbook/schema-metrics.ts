import { z } from 'zod';
import {
  field,
  fieldList,
  id,
  numberOrNaN,
  positiveDuration,
  sqlText,
  windowDef,
  unknownKind,
} from './schema-parts.ts';
import type { AggregateFn, AggregateTerm, LatencyStat, MetricDef } from '../contract.ts';

/** The `metrics:` entries of the workbook file (see `schema.ts`). */

/** Aggregates whose empty window is 0 rather than no value. */
const ZERO_WHEN_EMPTY: ReadonlySet<AggregateFn> = new Set(['count', 'sum', 'count_distinct']);

const AGGREGATE_FNS = ['count', 'sum', 'avg', 'min', 'max', 'quantile', 'count_distinct'] as const;

const shown = {
  id,
  title: z.string().optional(),
  unit: z.string().default(''),
  description: z.string().default(''),
  missing: numberOrNaN.optional(),
};

const termFields = {
  field: field.optional(),
  expr: sqlText.optional(),
  q: z.number().gt(0).lt(1).optional(),
  filter: sqlText.optional(),
};

/** Checks that a term names what its function needs. */
function checkTerm(
  t: { fn: AggregateFn; field?: string; expr?: string; q?: number },
  ctx: z.RefinementCtx,
): void {
  const has = (t.field !== undefined ? 1 : 0) + (t.expr !== undefined ? 1 : 0);
  if (t.fn === 'count' && has > 0) {
    ctx.addIssue({ code: 'custom', message: 'count takes neither field nor expr (use filter)' });
  } else if (t.fn !== 'count' && has !== 1) {
    ctx.addIssue({ code: 'custom', message: `${t.fn} needs exactly one of field or expr` });
  }
  if (t.fn === 'quantile' && t.q === undefined) {
    ctx.addIssue({ code: 'custom', path: ['q'], message: 'quantile needs q, e.g. q: 0.95' });
  } else if (t.fn !== 'quantile' && t.q !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['q'], message: `q only applies to quantile` });
  }
}

function term(t: {
  fn: AggregateFn;
  field?: string;
  expr?: string;
  q?: number;
  filter?: string;
}): AggregateTerm {
  return {
    fn: t.fn,
    field: t.field ?? null,
    expr: t.expr ?? null,
    q: t.q ?? null,
    filter: t.filter ?? null,
  };
}

function base(m: { id: string; title?: string; unit: string; description: string }) {
  return { id: m.id, title: m.title ?? m.id, unit: m.unit, description: m.description };
}

const aggregateMetric = z
  .strictObject({
    ...shown,
    kind: z.literal(AGGREGATE_FNS),
    topic: field,
    ...termFields,
    by: fieldList.default([]),
    label: z.string().default('all'),
    window: windowDef,
  })
  .superRefine((m, ctx) => checkTerm({ ...m, fn: m.kind }, ctx))
  .transform((m): MetricDef => ({
    ...base(m),
    kind: 'aggregate',
    missing: m.missing ?? (ZERO_WHEN_EMPTY.has(m.kind) ? 0 : NaN),
    topic: m.topic,
    ...term({ ...m, fn: m.kind }),
    by: m.by,
    label: m.label,
    window: m.window,
  }));

const ratioTerm = z
  .strictObject({ kind: z.enum(AGGREGATE_FNS), topic: field.optional(), ...termFields })
  .superRefine((t, ctx) => checkTerm({ ...t, fn: t.kind }, ctx));

const ratioMetric = z
  .strictObject({
    ...shown,
    kind: z.literal('ratio'),
    topic: field,
    filter: sqlText.optional(),
    numerator: ratioTerm,
    denominator: ratioTerm,
    by: fieldList.default([]),
    label: z.string().default('all'),
    window: windowDef,
  })
  .transform((m): MetricDef => ({
    ...base(m),
    kind: 'ratio',
    missing: m.missing ?? NaN,
    topic: m.topic,
    filter: m.filter ?? null,
    numerator: {
      ...term({ ...m.numerator, fn: m.numerator.kind }),
      topic: m.numerator.topic ?? m.topic,
    },
    denominator: {
      ...term({ ...m.denominator, fn: m.denominator.kind }),
      topic: m.denominator.topic ?? m.topic,
    },
    by: m.by,
    label: m.label,
    window: m.window,
  }));

const stateDurationMetric = z
  .strictObject({
    ...shown,
    kind: z.literal('state_duration'),
    topic: field,
    key: field,
    state: field,
    value: z.string().optional(),
    values: z.array(z.string()).min(1).optional(),
    filter: sqlText.optional(),
    every: positiveDuration.default(60_000),
  })
  .superRefine((m, ctx) => {
    if ((m.value === undefined) === (m.values === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'state_duration needs exactly one of value or values',
      });
    }
  })
  .transform((m): MetricDef => ({
    ...base(m),
    kind: 'state_duration',
    missing: m.missing ?? NaN,
    topic: m.topic,
    key: m.key,
    state: m.state,
    values: m.values ?? [m.value!],
    filter: m.filter ?? null,
    everyMs: m.every,
  }));

const LATENCY_STATS = ['p50', 'p90', 'p95', 'p99', 'avg', 'min', 'max', 'count'] as const;

const latencyEnd = z.strictObject({
  topic: field.optional(),
  key: field.optional(),
  filter: sqlText.optional(),
});

const latencyMetric = z
  .strictObject({
    ...shown,
    kind: z.literal('latency'),
    topic: field.optional(),
    key: field.optional(),
    from: latencyEnd,
    to: latencyEnd,
    stat: z.enum(LATENCY_STATS).optional(),
    stats: z.array(z.enum(LATENCY_STATS)).min(1).optional(),
    by: fieldList.default([]),
    label: z.string().default('all'),
    window: windowDef,
  })
  .superRefine((m, ctx) => {
    for (const end of ['from', 'to'] as const) {
      if ((m[end].topic ?? m.topic) === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [end, 'topic'],
          message: 'needs a topic (here or on the metric)',
        });
      }
      if ((m[end].key ?? m.key) === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [end, 'key'],
          message: 'needs a key (here or on the metric)',
        });
      }
    }
    if (m.stat !== undefined && m.stats !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['stats'], message: 'give stat or stats, not both' });
    }
  })
  .transform((m): MetricDef => {
    const end = (e: z.infer<typeof latencyEnd>) => ({
      topic: (e.topic ?? m.topic)!,
      key: (e.key ?? m.key)!,
      filter: e.filter ?? null,
    });
    const stats: LatencyStat[] = m.stats ?? [m.stat ?? 'p95'];
    return {
      ...base(m),
      kind: 'latency',
      missing: m.missing ?? (stats.length === 1 && stats[0] === 'count' ? 0 : NaN),
      from: end(m.from),
      to: end(m.to),
      stats,
      by: m.by,
      label: m.label,
      window: m.window,
    };
  });

const sqlMetric = z
  .strictObject({
    ...shown,
    kind: z.literal('sql'),
    sql: sqlText,
    window: windowDef.optional(),
    every: positiveDuration.optional(),
    label: z.string().default('all'),
    final_only: z.boolean().default(false),
    lookback: positiveDuration.optional(),
  })
  .superRefine((m, ctx) => {
    if ((m.window === undefined) === (m.every === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'sql needs exactly one of window (rows give window_start) or every (rows give t)',
      });
    }
  })
  .transform((m): MetricDef => ({
    ...base(m),
    kind: 'sql',
    missing: m.missing ?? NaN,
    sql: m.sql,
    window: m.window ?? null,
    everyMs: m.every ?? null,
    label: m.label,
    finalOnly: m.final_only,
    lookbackMs: m.lookback ?? null,
  }));

const traceMetric = z
  .strictObject({
    ...shown,
    kind: z.literal('trace'),
    measure: z.enum(['hop_latency', 'break_rate']),
    stat: z.enum(LATENCY_STATS).optional(),
    key: field,
    topics: fieldList.refine((t) => t.length > 0, 'needs at least one topic, in flow order'),
    stage: field.optional(),
    window: windowDef,
    lookback: positiveDuration.default(3 * 3_600_000),
  })
  .superRefine((m, ctx) => {
    if (m.measure === 'break_rate' && m.stat !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['stat'], message: 'stat only applies to hop_latency' });
    }
    if (m.window.hopMs !== m.window.sizeMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['window'],
        message: 'trace metrics take tumbling windows',
      });
    }
    if (m.key.includes('.')) {
      ctx.addIssue({
        code: 'custom',
        path: ['key'],
        message: 'nested JSON paths are not supported: name a top-level field or _key',
      });
    }
  })
  .transform((m): MetricDef => ({
    ...base(m),
    kind: 'trace',
    unit: m.unit || (m.measure === 'hop_latency' ? 's' : 'ratio'),
    missing: m.missing ?? NaN,
    measure: m.measure,
    stat: m.stat ?? 'p95',
    key: m.key,
    topics: m.topics,
    stage: m.stage ?? null,
    window: m.window,
    lookbackMs: m.lookback,
  }));

/** One metric of the file, any kind. */
export const metricSchema = z.discriminatedUnion(
  'kind',
  [aggregateMetric, ratioMetric, stateDurationMetric, latencyMetric, sqlMetric, traceMetric],
  { error: unknownKind('metric') },
);
