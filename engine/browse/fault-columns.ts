/**
 * The fault columns the events browser adds to each topic's rows (see `RecordQuery.where`), and
 * the condition of "any fault" (`RecordQuery.faultsOnly`). Late is not a column: it depends on
 * a window (see `isLate`).
 */
export const FAULT_COLUMNS = {
  /** no timestamp */
  noTimestamp: '_ts IS NULL',
  /** stamped earlier than a record before it in its partition (offset order) */
  outOfOrder: '_ooo',
  /** a null value */
  tombstone: '_tombstone',
  /** a JSON object without fields, or a tombstone */
  empty: '_empty',
  /** base64, or text that is not text (control characters, U+FFFD) */
  binary: '_binary',
  /** text that is not valid JSON (binary apart) */
  badJson: '_bad_json',
  /** the value is not a JSON object: bad JSON, binary, a scalar or an array */
  notObject: '_value IS NOT NULL',
  /** a later copy of its topic, partition and offset was left out of the replay */
  duplicated: '_duplicated',
} as const;

/** Any fault a record can have that the browser lists: `RecordQuery.faultsOnly`. */
export const ANY_FAULT = '_ts IS NULL OR _ooo OR _value IS NOT NULL OR _empty OR _duplicated';
