import { z } from 'zod';
import { STANDARD_BURN_RATE_PAIRS } from '../alerts/burn-rate-alerts.ts';
import { duration, field, fieldList, id, positiveDuration, unknownKind } from './schema-parts.ts';
import type { AlertRuleDef } from '../contract.ts';

/** The `alerts:` entries of the workbook file (see `schema.ts`). */

const alertShared = {
  id,
  title: z.string().optional(),
  description: z.string().default(''),
  severity: z.enum(['page', 'ticket']).default('page'),
  catches: fieldList.default([]),
  scored: z.boolean().default(true),
  scope: field.optional(),
  max_series: z.number().int().positive().optional(),
  tolerance: z.strictObject({ before: duration.optional(), after: duration.optional() }).optional(),
};

/** `scored: false` scores a rule against no incident, so naming kinds it `catches` contradicts it. */
function checkScored(a: { scored: boolean; catches: string[] }, ctx: z.RefinementCtx): void {
  if (!a.scored && a.catches.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['catches'],
      message: 'a rule with scored: false is scored against no incident: remove catches or scored',
    });
  }
}

function alertBase(a: {
  id: string;
  title?: string;
  description: string;
  severity: 'page' | 'ticket';
  catches: string[];
  scored: boolean;
  scope?: string;
  max_series?: number;
  tolerance?: { before?: number | undefined; after?: number | undefined } | undefined;
}) {
  const tolerance = a.tolerance && {
    ...(a.tolerance.before !== undefined && { beforeMs: a.tolerance.before }),
    ...(a.tolerance.after !== undefined && { afterMs: a.tolerance.after }),
  };
  return {
    id: a.id,
    title: a.title ?? a.id,
    description: a.description,
    severity: a.severity,
    catches: a.catches,
    scored: a.scored,
    scope: a.scope ?? null,
    // 0 until `parseWorkbook` fills in the workbook's `options.max_series_per_rule`
    maxSeries: a.max_series ?? 0,
    ...(tolerance && { tolerance }),
  };
}

const thresholdAlert = z
  .strictObject({
    ...alertShared,
    kind: z.literal('threshold'),
    metric: id,
    op: z.enum(['>', '>=', '<', '<=']),
    value: z.number(),
    for: duration.default(0),
    keep_firing_for: duration.default(0),
    every: positiveDuration.optional(),
  })
  .superRefine(checkScored)
  .transform((a): AlertRuleDef => ({
    ...alertBase(a),
    kind: 'threshold',
    metric: a.metric,
    op: a.op,
    value: a.value,
    forMs: a.for,
    keepFiringForMs: a.keep_firing_for,
    everyMs: a.every ?? null,
  }));

const burnRatePair = z
  .strictObject({
    name: z.string().optional(),
    long: positiveDuration,
    short: positiveDuration,
    factor: z.number().nonnegative(),
    severity: z.enum(['page', 'ticket']).default('page'),
  })
  .superRefine((p, ctx) => {
    for (const key of ['long', 'short'] as const) {
      if (p[key] % 60_000 !== 0) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'must be a whole number of minutes' });
      }
    }
  });

const burnRateAlert = z
  .strictObject({
    ...alertShared,
    kind: z.literal('burn_rate'),
    sli: id,
    pairs: z.array(burnRatePair).min(1).optional(),
    full_windows_only: z.boolean().default(false),
  })
  .superRefine(checkScored)
  .transform((a): AlertRuleDef => ({
    ...alertBase(a),
    kind: 'burn_rate',
    sli: a.sli,
    pairs:
      a.pairs?.map((p) => ({
        name: p.name ?? `${p.long / 60_000}m/${p.short / 60_000}m`,
        longMinutes: p.long / 60_000,
        shortMinutes: p.short / 60_000,
        factor: p.factor,
        severity: p.severity,
      })) ?? STANDARD_BURN_RATE_PAIRS.map((p) => ({ ...p })),
    fullWindowsOnly: a.full_windows_only,
  }));

const anomalyAlert = z
  .strictObject({
    ...alertShared,
    kind: z.literal('anomaly'),
    metric: id,
    k: z.number().positive(),
    direction: z.enum(['both', 'above', 'below']).default('both'),
    window: positiveDuration,
    seasonal: z
      .strictObject({
        period: positiveDuration.default(86_400_000),
        periods: z.number().int().positive(),
      })
      .optional(),
    min_points: z.number().int().positive().optional(),
    min_std: z.number().nonnegative().default(0),
    baseline: z.enum(['mean', 'median', 'ewma']).default('mean'),
    min_deviation: z.number().nonnegative().default(0),
    min_relative_deviation: z.number().nonnegative().default(0),
    warm_up: duration.default(0),
    clear_k: z.number().nonnegative().optional(),
    for: duration.default(0),
    keep_firing_for: duration.default(0),
    every: positiveDuration.optional(),
  })
  .refine((a) => a.clear_k === undefined || a.clear_k <= a.k, {
    message: 'clear_k is the level it clears at: at most k',
    path: ['clear_k'],
  })
  .refine((a) => !(a.baseline === 'ewma' && a.seasonal), {
    message: 'a seasonal baseline takes baseline: mean or median, not ewma',
    path: ['seasonal'],
  })
  .superRefine(checkScored)
  .transform((a): AlertRuleDef => ({
    ...alertBase(a),
    kind: 'anomaly',
    metric: a.metric,
    k: a.k,
    direction: a.direction,
    windowMs: a.window,
    seasonal: a.seasonal ? { periodMs: a.seasonal.period, periods: a.seasonal.periods } : null,
    minPoints: a.min_points ?? null,
    minStd: a.min_std,
    baseline: a.baseline,
    minDeviation: a.min_deviation,
    minRelativeDeviation: a.min_relative_deviation,
    warmUpMs: a.warm_up,
    clearK: a.clear_k ?? null,
    forMs: a.for,
    keepFiringForMs: a.keep_firing_for,
    everyMs: a.every ?? null,
  }));

/** One alert rule of the file. */
export const alertSchema = z.discriminatedUnion(
  'kind',
  [thresholdAlert, burnRateAlert, anomalyAlert],
  { error: unknownKind('alert') },
);
