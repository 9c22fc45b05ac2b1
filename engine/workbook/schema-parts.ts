import { z } from 'zod';
import { parseDuration } from '../../formats/index.ts';
import type { WindowDef } from '../contract.ts';

/**
 * Building blocks of the workbook schema: the value types of the file (durations, objectives,
 * identifiers, SQL text) and how they become the parsed `Workbook`'s values.
 */

/** A duration string such as `30s`, `5m`, `1h30m`, `30d` (the formats grammar), in ms; may be 0. */
export const duration = z.string().transform((text, ctx) => {
  try {
    return parseDuration(text, { allowZero: true });
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

/** A duration that must be above zero. */
export const positiveDuration = duration.refine((ms) => ms > 0, 'must be longer than 0');

/** Ids name series, files and charts: letters, digits, `-`, `_`, `.`. */
export const id = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    'must start with a letter or digit and hold only letters, digits, "-", "_" and "."',
  );

/** A field (column) name of a topic table. */
export const field = z.string().min(1, 'must not be empty');

/** SQL text (an expression or a query); checked further by `checkSqlFragment` and DuckDB. */
export const sqlText = z.string().min(1, 'must not be empty');

/** One field name or a list of them. */
export const fieldList = z
  .union([field, z.array(field)], { error: 'expected a field name or a list of field names' })
  .transform((v) => (typeof v === 'string' ? [v] : v));

/** A number, or `NaN` (YAML `.nan` or the string `NaN`). */
export const numberOrNaN = z
  .union([z.number(), z.nan(), z.enum(['NaN', 'nan', '.nan'])], {
    error: 'expected a number or NaN',
  })
  .transform((v) => (typeof v === 'number' ? v : NaN));

/** An objective as a fraction (`0.999`) or a percentage string (`99.9%`), strictly in (0, 1). */
export const objective = z
  .union([z.number(), z.string().regex(/^\d+(\.\d+)?%$/)], {
    error: 'expected a fraction (0.999) or a percentage ("99.9%")',
  })
  // "99.9%" is read as the decimal 99.9e-2, the double nearest 0.999 (99.9 / 100 is not).
  .transform((v) => (typeof v === 'number' ? v : Number(`${v.slice(0, -1)}e-2`)))
  .refine((v) => v > 0 && v < 1, 'must be strictly between 0 and 1 (e.g. 0.999 or "99.9%")');

/** A time as an ISO 8601 string (with a zone) or ms since epoch. */
export const instant = z
  .union([z.number(), z.string(), z.date()], { error: 'expected an ISO 8601 time' })
  .transform((v, ctx) => {
    const ms =
      typeof v === 'number'
        ? v
        : v instanceof Date
          ? v.getTime()
          : /(Z|[+-]\d\d:?\d\d)$/.test(v)
            ? Date.parse(v)
            : NaN;
    if (!Number.isFinite(ms)) {
      ctx.addIssue({
        code: 'custom',
        message: `invalid time ${JSON.stringify(v)} (expected ISO 8601 with a zone, e.g. 2026-01-05T12:00:00Z)`,
      });
      return z.NEVER;
    }
    return ms;
  });

/** `window: {size: 5m}` (tumbling) or `{size: 5m, hop: 1m}` (hopping); `window: 5m` is short for tumbling. */
export const windowDef = z
  .preprocess(
    (v) => (typeof v === 'string' ? { size: v } : v),
    z.strictObject({ size: positiveDuration, hop: positiveDuration.optional() }),
  )
  .transform((w, ctx): WindowDef => {
    const hop = w.hop ?? w.size;
    if (hop > w.size || w.size % hop !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['hop'],
        message: `window hop must divide the window size exactly (size ${w.size} ms, hop ${hop} ms)`,
      });
      return z.NEVER;
    }
    return { sizeMs: w.size, hopMs: hop };
  });

/** `unknown kind "x" (expected one of a, b)` for a discriminated union's bad `kind`, or that it has none. */
export function unknownKind(what: string) {
  return (issue: { code?: string; input?: unknown; options?: unknown }) => {
    if (issue.code !== 'invalid_union') return undefined;
    const options = Array.isArray(issue.options) ? issue.options.join(', ') : '';
    if (!(issue.input && typeof issue.input === 'object' && 'kind' in issue.input)) {
      return `${what} has no kind (expected one of ${options})`;
    }
    const kind = JSON.stringify((issue.input as { kind: unknown }).kind);
    return `unknown ${what} kind ${kind} (expected one of ${options})`;
  };
}
