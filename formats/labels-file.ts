import type { Incident } from './index.ts';

/**
 * The incidents of a `<name>.labels.json` text (a `LabelsFile`). Throws an Error naming the
 * first bad incident and field.
 */
export function parseLabels(text: string): Incident[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`labels are not valid JSON: ${(err as Error).message}`);
  }
  if (!isObject(parsed) || !Array.isArray(parsed.incidents)) {
    throw new Error('labels have no "incidents" array');
  }
  return parsed.incidents.map((item: unknown, i: number) => incident(item, i));
}

function incident(item: unknown, index: number): Incident {
  const where = `labels incident ${index + 1}`;
  if (!isObject(item)) throw new Error(`${where}: not an object`);
  const { id, kind, start, end, scope, description } = item;
  if (typeof id !== 'string' || id === '')
    throw new Error(`${where}: "id" must be a non-empty string`);
  if (typeof kind !== 'string') throw new Error(`${where} (${id}): "kind" must be a string`);
  if (typeof start !== 'number' || !Number.isFinite(start)) {
    throw new Error(`${where} (${id}): "start" must be a number (ms since epoch)`);
  }
  if (typeof end !== 'number' || !Number.isFinite(end) || end < start) {
    throw new Error(`${where} (${id}): "end" must be a number (ms since epoch) not before "start"`);
  }
  const cleanScope: Record<string, string> = {};
  if (scope !== undefined) {
    if (!isObject(scope)) throw new Error(`${where} (${id}): "scope" must be an object`);
    for (const [k, v] of Object.entries(scope)) {
      if (typeof v !== 'string') throw new Error(`${where} (${id}): scope "${k}" must be a string`);
      cleanScope[k] = v;
    }
  }
  return {
    id,
    kind,
    start,
    end,
    scope: cleanScope,
    description: typeof description === 'string' ? description : '',
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
