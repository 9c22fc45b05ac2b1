import type { RecordQuery, RecordRow, SavedFilter } from '../../engine/index.ts';
import { combinedWhere } from './event-conditions.ts';

/** The events browser's filters, as the form holds them (empty text: any). */
export interface EventFilters {
  topic: string;
  partition: string;
  key: string;
  text: string;
  /** UTC `YYYY-MM-DDTHH:MM:SS`, as a datetime-local input gives it */
  from: string;
  to: string;
  faultsOnly: boolean;
  /** every record of the source, not only those delivered by the replay time */
  all: boolean;
  /** DuckDB conditions, ANDed (see `event-conditions.ts`) */
  where: string[];
}

export const NO_FILTERS: EventFilters = {
  topic: '',
  partition: '',
  key: '',
  text: '',
  from: '',
  to: '',
  faultsOnly: false,
  all: false,
  where: [],
};

/** The part of `filters` a workbook keeps (`filters:`): topic, text and conditions, under `name`. */
export function savedFilterOf(filters: EventFilters, name: string): SavedFilter {
  return {
    name: name.trim(),
    topic: filters.topic || null,
    text: filters.text.trim() || null,
    where: filters.where.map((c) => c.trim()).filter((c) => c !== ''),
  };
}

/**
 * `filters` with a saved filter picked: its topic, text and conditions in place of the form's
 * (the partition, key and time fields cleared, "all" and "faults only" kept).
 */
export function withSavedFilter(filters: EventFilters, saved: SavedFilter): EventFilters {
  return {
    ...NO_FILTERS,
    all: filters.all,
    faultsOnly: filters.faultsOnly,
    topic: saved.topic ?? '',
    text: saved.text ?? '',
    where: [...saved.where],
  };
}

/** Rows asked for around the visible ones. */
export const WINDOW_ROWS = 200;

/** The engine query of `filters` at replay time `time`, from row `offset`. */
export function recordQuery(filters: EventFilters, time: number, offset: number): RecordQuery {
  const partition = Number.parseInt(filters.partition, 10);
  return {
    time: filters.all ? null : time,
    topic: filters.topic || null,
    partition: Number.isFinite(partition) ? partition : null,
    key: filters.key || null,
    text: filters.text.trim() || null,
    from: utcInput(filters.from),
    to: utcInput(filters.to),
    faultsOnly: filters.faultsOnly,
    where: combinedWhere(filters.where),
    offset,
    limit: WINDOW_ROWS,
  };
}

/** A datetime-local value read as UTC (ms), or null when empty or invalid. */
export function utcInput(text: string): number | null {
  if (!text) return null;
  const ms = Date.parse(`${text.length === 16 ? `${text}:00` : text}Z`);
  return Number.isFinite(ms) ? ms : null;
}

/** The value shown in a record's detail: JSON indented, anything else as it is. */
export function shownValue(row: RecordRow, raw: boolean): string {
  if (row.value === null) return '(null: a tombstone)';
  if (raw || !row.valueIsJson) return row.value;
  return JSON.stringify(JSON.parse(row.value), null, 2);
}

/** The business key of a record for the Traces tab: its JSON value's `field`, or null. */
export function traceKeyOf(row: RecordRow, field: string): string | null {
  if (!row.valueIsJson || row.value === null) return null;
  const parsed = JSON.parse(row.value) as unknown;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const v = (parsed as Record<string, unknown>)[field];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
}
