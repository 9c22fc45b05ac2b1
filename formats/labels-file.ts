import { z } from 'zod';
import type { Incident } from './record.ts';

/**
 * One incident of a labels file: `start` and `end` in ms since the epoch, `scope` optional (text
 * values), a `description` that is not text read as empty, other members ignored.
 */
const incidentSchema = z
  .object(
    {
      id: z
        .string({ error: 'must be a non-empty string' })
        .min(1, { error: 'must be a non-empty string' }),
      kind: z.string({ error: 'must be a string' }),
      start: z.number({ error: 'must be a number (ms since epoch)' }),
      end: z.number({ error: 'must be a number (ms since epoch)' }),
      scope: z
        .record(z.string(), z.string({ error: 'must be a string' }), {
          error: 'must be an object',
        })
        .optional(),
      description: z.unknown().optional(),
      cause: z
        .object(
          {
            type: z.string({ error: 'must be a string' }),
            source: z.string({ error: 'must be a string' }),
            time: z.number({ error: 'must be a number (ms since epoch)' }),
          },
          { error: 'must be an object' },
        )
        .optional(),
    },
    { error: 'not an object' },
  )
  .transform((i, ctx): Incident => {
    if (i.end < i.start) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'must not be before "start"' });
    }
    const incident: Incident = {
      id: i.id,
      kind: i.kind,
      start: i.start,
      end: i.end,
      scope: i.scope ?? {},
      description: typeof i.description === 'string' ? i.description : '',
    };
    if (i.cause)
      incident.cause = { type: i.cause.type, source: i.cause.source, time: i.cause.time };
    return incident;
  });

/**
 * The `<name>.labels.json` file (a `LabelsFile`) as read: only `incidents` is read; `scenario`,
 * `params` and any other member are left alone.
 */
const labelsFileSchema = z.object(
  { incidents: z.array(incidentSchema, { error: 'no "incidents" array' }) },
  { error: 'no "incidents" array' },
);

/**
 * The incidents of a `<name>.labels.json` text. Throws an Error naming the file (`file`, or
 * just "labels"), the first bad incident and its field, e.g.
 * `labels file "r.labels.json": incident 2 (i-2): "end" must not be before "start"`.
 */
export function parseLabels(text: string, file?: string): Incident[] {
  const subject = file === undefined ? 'labels' : `labels file "${file}"`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${subject}: not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const result = labelsFileSchema.safeParse(json);
  if (result.success) return result.data.incidents;
  throw new Error(`${subject}: ${describeIssue(result.error.issues[0]!, json)}`);
}

/** `incident 1 (i-1): "kind" must be a string`, from a zod issue's path and message. */
function describeIssue(issue: z.core.$ZodIssue, json: unknown): string {
  const [top, index, field, key] = issue.path;
  if (top !== 'incidents' || typeof index !== 'number') return issue.message;
  const item = (json as { incidents: unknown[] }).incidents[index];
  const id = (item as { id?: unknown } | null)?.id;
  const where = `incident ${index + 1}${typeof id === 'string' && id !== '' ? ` (${id})` : ''}`;
  if (field === undefined) return `${where}: ${issue.message}`;
  if (key !== undefined) return `${where}: ${String(field)} "${String(key)}" ${issue.message}`;
  return `${where}: "${String(field)}" ${issue.message}`;
}
