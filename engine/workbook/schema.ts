import { z } from 'zod';
import { ENGINE_DEFAULTS } from '../defaults.ts';
import { alertSchema } from './schema-alerts.ts';
import { metricSchema } from './schema-metrics.ts';
import {
  duration,
  field,
  id,
  instant,
  objective,
  positiveDuration,
  sqlText,
} from './schema-parts.ts';
import type { SavedFilter, SliDef, Workbook } from '../contract.ts';

/**
 * The workbook file format (YAML or JSON), as zod schemas that turn the file's shape (snake_case
 * keys, duration strings, ISO times) into the parsed `Workbook`. Unknown keys are errors, so a
 * typo is reported instead of ignored. Cross-references (an alert's metric exists, ids are
 * unique) are checked after this, in `check-workbook.ts`.
 */

export { alertSchema, metricSchema };

/** One SLI of the file: `bad`, or `good` with `total`. */
export const sliSchema = z
  .strictObject({
    id,
    title: z.string().optional(),
    description: z.string().default(''),
    topic: field,
    bad: sqlText.optional(),
    good: sqlText.optional(),
    total: sqlText.optional(),
    objective,
    period: positiveDuration.default(30 * 86_400_000),
    no_data: z.enum(['exclude', 'good', 'bad']).default('exclude'),
  })
  .superRefine((s, ctx) => {
    const events = s.good !== undefined || s.total !== undefined;
    if (s.bad !== undefined && events) {
      ctx.addIssue({ code: 'custom', message: 'give bad, or good and total, not both' });
    } else if (s.bad === undefined && (s.good === undefined || s.total === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'needs bad (bad minutes), or good and total (events)',
      });
    }
    if (s.period % 60_000 !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['period'],
        message: 'must be a whole number of minutes',
      });
    }
  })
  .transform((s): SliDef => ({
    id: s.id,
    title: s.title ?? s.id,
    description: s.description,
    topic: s.topic,
    kind: s.bad !== undefined ? 'minutes' : 'events',
    bad: s.bad ?? null,
    good: s.good ?? null,
    total: s.total ?? null,
    objective: s.objective,
    periodMs: s.period,
    noData: s.no_data,
  }));

/** One incident label: ISO times in the file, ms once parsed. */
export const incidentSchema = z
  .strictObject({
    id: z.string().min(1),
    kind: z.string().min(1),
    start: instant,
    end: instant,
    scope: z.record(z.string(), z.string()).default({}),
    description: z.string().default(''),
  })
  .refine((i) => i.end >= i.start, { path: ['end'], message: 'end must not be before start' });

/** One saved filter of the events browser (`filters:`). */
export const savedFilterSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty'),
    topic: field.optional(),
    text: z.string().min(1, 'must not be empty (leave the key out for no text)').optional(),
    where: z
      .union([sqlText, z.array(sqlText)], {
        error: 'expected a DuckDB condition or a list of them',
      })
      .transform((v) => (typeof v === 'string' ? [v] : v))
      .default([]),
  })
  .transform((f): SavedFilter => ({
    name: f.name,
    topic: f.topic ?? null,
    text: f.text ?? null,
    where: f.where,
  }));

/** The whole file. */
export const workbookSchema = z
  .strictObject({
    name: z.string().min(1).optional(),
    description: z.string().default(''),
    options: z
      .strictObject({
        grace: duration.default(ENGINE_DEFAULTS.graceMs),
        max_series_per_rule: z.number().int().positive().default(ENGINE_DEFAULTS.maxSeriesPerRule),
      })
      .default({
        grace: ENGINE_DEFAULTS.graceMs,
        max_series_per_rule: ENGINE_DEFAULTS.maxSeriesPerRule,
      }),
    metrics: z.array(metricSchema).default([]),
    slis: z.array(sliSchema).default([]),
    alerts: z.array(alertSchema).default([]),
    incidents: z.array(incidentSchema).default([]),
    backtest: z
      .strictObject({
        tolerance: z
          .strictObject({ before: duration.default(0), after: duration.default(0) })
          .default({ before: 0, after: 0 }),
        flap: duration.default(600_000),
      })
      .default({ tolerance: { before: 0, after: 0 }, flap: 600_000 }),
    charts: z.array(z.strictObject({ title: z.string(), metrics: z.array(id).min(1) })).default([]),
    events: z
      .strictObject({
        topic: field,
        type: field.default('type'),
        detail: field.default('detail'),
        source: field.optional(),
      })
      .optional(),
    dimensions: z.array(field).default([]),
    filters: z.array(savedFilterSchema).default([]),
    stages: z
      .strictObject({
        topic: field,
        key: field,
        status: field.default('status'),
        steps: z.array(z.strictObject({ name: field, status: z.string() })).min(2),
        failures: z.array(z.strictObject({ status: z.string(), step: field })).default([]),
      })
      .superRefine((st, ctx) => {
        const names = new Set(st.steps.map((x) => x.name));
        st.failures.forEach((f, i) => {
          if (!names.has(f.step)) {
            ctx.addIssue({
              code: 'custom',
              path: ['failures', i, 'step'],
              message: `no step named "${f.step}" (steps: ${[...names].join(', ')})`,
            });
          }
        });
      })
      .optional(),
  })
  .transform((w): Omit<Workbook, 'name'> & { name: string | null } => ({
    name: w.name ?? null,
    description: w.description,
    options: { graceMs: w.options.grace, maxSeriesPerRule: w.options.max_series_per_rule },
    metrics: w.metrics,
    slis: w.slis,
    alerts: w.alerts.map((a) => ({
      ...a,
      maxSeries: a.maxSeries || w.options.max_series_per_rule,
    })),
    incidents: w.incidents,
    backtest: {
      toleranceBeforeMs: w.backtest.tolerance.before,
      toleranceAfterMs: w.backtest.tolerance.after,
      flapMs: w.backtest.flap,
    },
    charts: w.charts,
    events: w.events
      ? {
          topic: w.events.topic,
          type: w.events.type,
          detail: w.events.detail,
          source: w.events.source ?? null,
        }
      : null,
    stages: w.stages ?? null,
    dimensions: w.dimensions,
    filters: w.filters,
  }));
