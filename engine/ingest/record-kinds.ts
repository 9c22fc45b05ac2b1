import type { KafkaRecord } from '../../formats/index.ts';

/** The value kinds a partition counts as records are added (`addRecordRow`). */
export interface ValueCounts {
  tombstones: number;
  binary: number;
  malformed: number;
}

/**
 * What kind of value a record has, as bits (a record's kind is 0 when none applies): the
 * ingest notes them per record, the events browser filters on them (see `RECORD_KIND_COLUMNS`
 * in `engine/browse/record-kinds.ts`).
 */
export const RecordKind = {
  /** a null value */
  TOMBSTONE: 1,
  /** a base64 value (`"payload_encoding":"base64"`) */
  BASE64: 2,
  /** text that is not valid JSON (and is text) */
  BAD_JSON: 4,
  /**
   * a value that is neither JSON nor text: it holds a control character (not tab, line feed or
   * carriage return) or U+FFFD, which kcat writes in place of bytes that are not UTF-8
   */
  NOT_TEXT: 8,
  /** another record of its partition had its offset and was left out of the replay as a repeat */
  DUPLICATED: 16,
} as const;

const NOT_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

/** Whether a value's text holds what text does not (see `RecordKind.NOT_TEXT`). */
export function isNotText(value: string): boolean {
  return NOT_TEXT.test(value);
}

/**
 * The value kind of record `r` (its `RecordKind` bits but `DUPLICATED`, which only the whole
 * source tells), from its partition's counts before and after `addRecordRow` counted it.
 */
export function valueKindOf(before: ValueCounts, after: ValueCounts, r: KafkaRecord): number {
  return (
    (after.tombstones > before.tombstones ? RecordKind.TOMBSTONE : 0) |
    (after.binary > before.binary
      ? r.valueEncoding === 'base64'
        ? RecordKind.BASE64
        : RecordKind.NOT_TEXT
      : 0) |
    (after.malformed > before.malformed ? RecordKind.BAD_JSON : 0)
  );
}
