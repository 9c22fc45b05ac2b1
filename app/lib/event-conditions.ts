/**
 * The events browser's conditions: each filter a person builds (on a header, a JSON field, a
 * time range or a kind of fault) becomes one DuckDB condition, shown and editable as text; the
 * engine ANDs them (`RecordQuery.where`). They travel in the page's URL (`#…&where=`).
 */

import {
  ANY_FAULT,
  FAULT_COLUMNS,
  isLate,
  type MetricDef,
  type PartitionStats,
} from '../../engine/index.ts';
import { formatDuration, parseDuration } from '../../formats/index.ts';
import { faultTotals } from './topic-stats.ts';

export type ConditionKind = 'header' | 'field' | 'time' | 'fault';
export type ConditionOp = '=' | '!=' | 'contains' | '>' | '>=' | '<' | '<=' | 'exists' | 'missing';

/** What the builder holds before it becomes text. */
export interface ConditionDraft {
  kind: ConditionKind;
  /** header or field name */
  name: string;
  op: ConditionOp;
  value: string;
  /** time range: UTC `YYYY-MM-DDTHH:MM[:SS]` (datetime-local) */
  from: string;
  to: string;
  fault: FaultKind;
  /** for a late fault: the window size, as a duration (`1m`) */
  window: string;
}

/** Faults a record may have that a condition can pick out (late: see `lateCondition`). */
export const FAULT_CONDITIONS = {
  any: ANY_FAULT,
  'bad-json': FAULT_COLUMNS.badJson,
  tombstone: FAULT_COLUMNS.tombstone,
  binary: FAULT_COLUMNS.binary,
  late: null,
  'out-of-order': FAULT_COLUMNS.outOfOrder,
  duplicated: FAULT_COLUMNS.duplicated,
  'no-timestamp': FAULT_COLUMNS.noTimestamp,
  'not-json': FAULT_COLUMNS.notObject,
  empty: FAULT_COLUMNS.empty,
} as const;
export type FaultKind = keyof typeof FAULT_CONDITIONS;

export const FAULT_LABELS: Record<FaultKind, string> = {
  any: 'any fault',
  'bad-json': 'bad JSON (text that is not JSON)',
  tombstone: 'tombstone (null value)',
  binary: 'binary (base64, or not text)',
  late: 'late for a window',
  'out-of-order': 'out of order in its partition',
  duplicated: 'duplicated (a later copy left out)',
  'no-timestamp': 'no timestamp',
  'not-json': 'value not a JSON object (bad JSON, binary, scalar, array)',
  empty: 'tombstone or {}',
};

/**
 * The window a late fault is judged over by default: the smallest window of the workbook's
 * windowed metrics on `topic` (any topic when empty), as a duration; `1m` when none has one.
 */
export function lateWindowFor(metrics: readonly MetricDef[], topic: string): string {
  const sizes = metrics.flatMap((m) => {
    if (m.kind === 'aggregate') return !topic || m.topic === topic ? [m.window.sizeMs] : [];
    if (m.kind === 'ratio') {
      const topics = [m.topic, m.numerator.topic, m.denominator.topic];
      return !topic || topics.includes(topic) ? [m.window.sizeMs] : [];
    }
    return [];
  });
  return sizes.length === 0 ? '1m' : formatDuration(Math.min(...sizes));
}

/**
 * Records a metric over tumbling windows of `window` (a duration such as `1m`) counts as late:
 * their window was final (stream time at window end + `graceMs`) before they were delivered,
 * the engine's own test (`isLate`). Throws naming a bad window.
 */
export function lateCondition(window: string, graceMs: number): string {
  let sizeMs: number;
  try {
    sizeMs = parseDuration(window.trim());
  } catch (err) {
    throw new Error(`late: window ${JSON.stringify(window)}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return isLate(sizeMs, graceMs);
}

export const EMPTY_DRAFT: ConditionDraft = {
  kind: 'header',
  name: '',
  op: '=',
  value: '',
  from: '',
  to: '',
  fault: 'any',
  window: '1m',
};

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A SQL identifier (a JSON field's column), quoted only when it must be. */
export function sqlIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** A number as SQL when `text` is one, else a string literal. */
function literal(text: string): string {
  const t = text.trim();
  return t !== '' && Number.isFinite(Number(t)) ? t : sqlString(text);
}

/** A datetime-local value as a SQL timestamp in ms, or null when empty or invalid. */
function timeMs(text: string): string | null {
  if (!text) return null;
  const full = text.length === 16 ? `${text}:00` : text;
  if (!Number.isFinite(Date.parse(`${full}Z`))) return null;
  return `epoch_ms(TIMESTAMP ${sqlString(full.replace('T', ' '))})`;
}

/**
 * The DuckDB condition of a draft; throws naming what is missing. Header values compare as
 * text; field values as numbers when they look like one. `graceMs`: the workbook's grace, for
 * a late fault.
 */
export function conditionSql(d: ConditionDraft, graceMs = 0): string {
  if (d.kind === 'fault') return FAULT_CONDITIONS[d.fault] ?? lateCondition(d.window, graceMs);
  if (d.kind === 'time') {
    const from = timeMs(d.from);
    const to = timeMs(d.to);
    if (from === null && to === null) throw new Error('time range: give a start, an end or both');
    return [from && `_ts >= ${from}`, to && `_ts < ${to}`].filter(Boolean).join(' AND ');
  }
  const name = d.name.trim();
  if (name === '') throw new Error(`${d.kind}: which ${d.kind}?`);
  const subject = d.kind === 'header' ? `header(_headers, ${sqlString(name)})` : sqlIdent(name);
  if (d.op === 'exists') return `${subject} IS NOT NULL`;
  if (d.op === 'missing') return `${subject} IS NULL`;
  if (d.op === 'contains') {
    return `contains(lower(CAST(${subject} AS VARCHAR)), ${sqlString(d.value.toLowerCase())})`;
  }
  const value = d.kind === 'header' ? sqlString(d.value) : literal(d.value);
  const op = d.op === '!=' ? '<>' : d.op;
  return `${subject} ${op} ${value}`;
}

/** The engine's `where`: the non-blank conditions, each in parentheses, ANDed; null for none. */
export function combinedWhere(conditions: readonly string[]): string | null {
  const kept = conditions.map((c) => c.trim()).filter((c) => c !== '');
  if (kept.length === 0) return null;
  return kept.length === 1 ? kept[0]! : kept.map((c) => `(${c})`).join(' AND ');
}

/** The conditions kept in a location hash (`where` holds them as a JSON array), or none. */
export function conditionsFromHash(hash: string): string[] {
  const text = new URLSearchParams(hash.replace(/^#/, '')).get('where');
  if (text === null) return [];
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? parsed.filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return [];
  }
}

/** `hash` with its `where` set to `conditions` (dropped when none), its other entries kept. */
export function hashWithConditions(hash: string, conditions: readonly string[]): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const kept = conditions.filter((c) => c.trim() !== '');
  if (kept.length === 0) params.delete('where');
  else params.set('where', JSON.stringify(kept));
  const text = params.toString();
  return text === '' ? '' : `#${text}`;
}

/**
 * The records of `topic` and `partition` (null: every one) with each kind of fault the source
 * summary counts, in the whole source (not only those delivered): the counts beside the chips.
 */
export function faultCountsOf(
  partitions: readonly PartitionStats[],
  topic: string | null,
  partition: number | null = null,
): Partial<Record<FaultKind, number>> {
  const t = faultTotals(
    partitions.filter(
      (p) =>
        (topic === null || p.topic === topic) && (partition === null || p.partition === partition),
    ),
  );
  return {
    'bad-json': t.malformed,
    tombstone: t.tombstones,
    binary: t.binary,
    'out-of-order': t.outOfOrder,
  };
}
