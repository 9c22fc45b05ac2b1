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
  /** text that is not valid JSON */
  BAD_JSON: 4,
  /**
   * text that is not text: it holds a control character (not tab, line feed or carriage
   * return) or U+FFFD, which kcat writes in place of bytes that are not UTF-8
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
