import type { KafkaRecord } from '../../formats/index.ts';
import type { TopicBatch } from './topic-batch.ts';
import { MAX_FIELD_COLUMNS } from './topic-table.ts';
import { isNotText, type ValueCounts } from './record-kinds.ts';

/**
 * Adds a record's row to its topic's batch, the rules every ingest (recording or live) shares:
 * a JSON object's fields become columns; a tombstone, a binary value (base64, or a value that
 * is neither JSON nor text: see `isNotText`), a value that is not JSON or not an object keeps
 * its raw text in `_value`, and its kind is counted.
 */
export function addRecordRow(
  batch: TopicBatch,
  fieldNames: Set<string>,
  counts: ValueCounts,
  r: KafkaRecord,
  ts: number | null,
): void {
  const headers = r.headers.length === 0 ? null : JSON.stringify(r.headers.flat());
  const row = batch.addRow(r.partition, r.offset, ts, r.key, firstTraceparent(r.headers), headers);
  const value = r.value;
  if (value === null) {
    counts.tombstones++;
    return;
  }
  if (r.valueEncoding === 'base64') {
    counts.binary++;
    batch.setRawValue(row, value);
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    // Not JSON: binary when it is not text (kcat -J writes U+FFFD for bytes not UTF-8).
    if (isNotText(value)) counts.binary++;
    else counts.malformed++;
    batch.setRawValue(row, value);
    return;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    batch.setRawValue(row, value);
    return;
  }
  if (!batch.addFields(row, parsed as Record<string, unknown>, fieldNames, MAX_FIELD_COLUMNS)) {
    batch.setRawValue(row, value);
  }
}

function firstTraceparent(headers: KafkaRecord['headers']): string | null {
  for (const [name, value] of headers) if (name === 'traceparent') return value;
  return null;
}
