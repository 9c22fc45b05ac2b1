/**
 * The meta columns that begin every topic table, in order:
 * - `_seq BIGINT`: delivery index (replay order across the whole source)
 * - `_stream_ts BIGINT`: stream time (ms) once this record is delivered
 * - `_partition INTEGER`, `_offset BIGINT`
 * - `_ts BIGINT`: record timestamp (ms), NULL when the record had none
 * - `_key VARCHAR`, `_traceparent VARCHAR` (the first `traceparent` header)
 * - `_value VARCHAR`: the raw value when it is not a JSON object (NULL for a tombstone; the text
 *   of a malformed value, a JSON scalar or array; base64 of a binary value; the whole object
 *   when it has fields beyond the topic's column limit)
 * - `_headers VARCHAR`: every header as kcat writes them, a JSON array `["name","value",…]`
 *   (a null value as `null`); NULL when the record has none. `header(_headers, 'name')` gives
 *   the first value of a header (see `HEADER_MACRO`).
 * One column per top-level JSON field follows (see `TopicTable`).
 */
export const META_COLUMNS = [
  '_seq',
  '_stream_ts',
  '_partition',
  '_offset',
  '_ts',
  '_key',
  '_traceparent',
  '_value',
  '_headers',
] as const;
