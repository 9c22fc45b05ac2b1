/**
 * W3C Trace Context `traceparent` (https://www.w3.org/TR/trace-context/#traceparent-header):
 * `version-traceid-parentid-flags`, lowercase hex of 2, 32, 16 and 2 digits. Version `ff` is
 * invalid; version `00` has exactly these four fields (55 characters); a later version may
 * append `-…` fields, which a version-00 reader ignores. An all-zero trace id or parent id is
 * invalid, and the header is then ignored by every OpenTelemetry propagator.
 */

import type { TraceparentClass } from '../contract.ts';

/** A parsed header; `reason` says why it is not `valid`. */
export interface ParsedTraceparent {
  class: TraceparentClass;
  version: string | null;
  traceId: string | null;
  parentId: string | null;
  flags: string | null;
  /** why the header is malformed or has an all-zero id; null when valid or missing */
  reason: string | null;
}

const SHAPE = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_PARENT = '0'.repeat(16);

/** Parses and classifies one `traceparent` value (null: the record has no such header). */
export function parseTraceparent(value: string | null): ParsedTraceparent {
  const none = { version: null, traceId: null, parentId: null, flags: null };
  if (value === null) return { class: 'missing', ...none, reason: null };
  const m = SHAPE.exec(value);
  if (!m) return { class: 'malformed', ...none, reason: shapeProblem(value) };
  const [, version, traceId, parentId, flags, rest] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  if (version === 'ff') return { class: 'malformed', ...none, reason: 'version ff is invalid' };
  if (version === '00' && rest !== undefined) {
    return {
      class: 'malformed',
      ...none,
      reason: `version 00 has 4 fields, found text after the flags (${value.length} characters, expected 55)`,
    };
  }
  const fields = { version, traceId, parentId, flags };
  if (traceId === ZERO_TRACE) return { class: 'zero-id', ...fields, reason: 'all-zero trace id' };
  if (parentId === ZERO_PARENT)
    return { class: 'zero-id', ...fields, reason: 'all-zero parent id' };
  return { class: 'valid', ...fields, reason: null };
}

function shapeProblem(value: string): string {
  const parts = value.split('-');
  if (parts.length < 4) return `${parts.length} field(s), expected version-traceid-parentid-flags`;
  const want: Array<[string, number]> = [
    ['version', 2],
    ['trace id', 32],
    ['parent id', 16],
    ['flags', 2],
  ];
  for (let i = 0; i < 4; i++) {
    const [name, digits] = want[i]!;
    const part = parts[i]!;
    if (!new RegExp(`^[0-9a-f]{${digits}}$`).test(part)) {
      return `${name} ${JSON.stringify(part.slice(0, 40))} is not ${digits} lowercase hex digits`;
    }
  }
  return 'not version-traceid-parentid-flags';
}

/**
 * The same classification in SQL over a VARCHAR expression (DuckDB core regexp functions only),
 * giving one of the `TraceparentClass` names. Tested to agree with `parseTraceparent`.
 */
export function traceparentClassSql(col: string): string {
  return `CASE WHEN ${col} IS NULL THEN 'missing'
    WHEN NOT regexp_full_match(${col}, '([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?')
      OR left(${col}, 2) = 'ff' OR (left(${col}, 2) = '00' AND length(${col}) <> 55) THEN 'malformed'
    WHEN substr(${col}, 4, 32) = '${ZERO_TRACE}' OR substr(${col}, 37, 16) = '${ZERO_PARENT}' THEN 'zero-id'
    ELSE 'valid' END`;
}

/** The trace id of a valid header in SQL (NULL otherwise), over the class computed as `cls`. */
export function traceIdSql(col: string, cls: string): string {
  return `CASE WHEN ${cls} = 'valid' THEN substr(${col}, 4, 32) END`;
}

/** The parent (producer span) id of a valid header in SQL (NULL otherwise). */
export function parentIdSql(col: string, cls: string): string {
  return `CASE WHEN ${cls} = 'valid' THEN substr(${col}, 37, 16) END`;
}
