import type { KafkaRecord } from '../record.ts';

/** A recording line that is not a valid kcat envelope; `reason` names the field and what is wrong. */
export class RecordingLineError extends Error {
  readonly reason: string;

  constructor(reason: string) {
    super(reason);
    this.name = 'RecordingLineError';
    this.reason = reason;
  }
}

const INT64_MAX = 2n ** 63n - 1n;

/**
 * The digits of an `"offset":` member. Inside a JSON string every quote is escaped, so `"offset"`
 * followed by `:` can only be a member name. Of several (nested objects, duplicate names) the last
 * whose value agrees with JSON.parse's is taken, as JSON.parse keeps the last duplicate.
 */
const OFFSET_DIGITS = /"offset"\s*:\s*(-?\d+)\s*[,}]/g;

/**
 * One record as one line of `kcat -C -J` output (no trailing newline), in kcat's key order.
 * `tstype`/`ts` appear only when the record has a timestamp, `headers` only when it has any, and
 * `"payload_encoding":"base64"` marks a base64 value. kcat's `broker` field is not written.
 */
export function encodeEnvelope(r: KafkaRecord): string {
  if (typeof r.topic !== 'string' || r.topic === '') {
    throw new Error(`invalid topic: ${JSON.stringify(r.topic)} (expected a non-empty string)`);
  }
  if (!Number.isSafeInteger(r.partition) || r.partition < 0) {
    throw new Error(`invalid partition: ${String(r.partition)} (expected a non-negative integer)`);
  }
  if (r.offset < 0n || r.offset > INT64_MAX) {
    throw new Error(`invalid offset: ${r.offset} (expected a non-negative int64)`);
  }
  let line = `{"topic":${JSON.stringify(r.topic)},"partition":${r.partition},"offset":${r.offset}`;
  if (r.timestamp !== null) {
    if (!Number.isSafeInteger(r.timestamp)) {
      throw new Error(`invalid timestamp: ${String(r.timestamp)} (expected integer ms or null)`);
    }
    line += `,"tstype":"create","ts":${r.timestamp}`;
  }
  if (r.headers.length > 0) {
    line += ',"headers":[';
    for (let i = 0; i < r.headers.length; i++) {
      const [name, value] = r.headers[i]!;
      line += `${i > 0 ? ',' : ''}${JSON.stringify(name)},${value === null ? 'null' : JSON.stringify(value)}`;
    }
    line += ']';
  }
  line += `,"key":${r.key === null ? 'null' : JSON.stringify(r.key)}`;
  line += `,"payload":${r.value === null ? 'null' : JSON.stringify(r.value)}`;
  if (r.value !== null && r.valueEncoding === 'base64') {
    if (!isBase64(r.value)) throw new Error(`invalid value: not base64 but flagged as base64`);
    line += ',"payload_encoding":"base64"';
  }
  return line + '}';
}

/**
 * Parses one line of `kcat -C -J` output into a record. The offset is read from the line's own
 * digits, so int64 offsets above 2^53 stay exact. Throws {@link RecordingLineError} on bad input.
 */
export function decodeEnvelope(line: string): KafkaRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    throw new RecordingLineError(`not JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new RecordingLineError(`not a JSON object: ${describe(parsed)}`);
  }
  const o = parsed as Record<string, unknown>;

  const topic = o.topic;
  if (typeof topic !== 'string' || topic === '') {
    throw fieldError('topic', 'a non-empty string', topic);
  }
  const partition = o.partition;
  if (typeof partition !== 'number' || !Number.isSafeInteger(partition) || partition < 0) {
    throw fieldError('partition', 'a non-negative integer', partition);
  }
  const offset = readOffset(line, o.offset);

  let timestamp: number | null = null;
  if (o.ts !== undefined) {
    if (typeof o.ts !== 'number' || !Number.isSafeInteger(o.ts)) {
      throw fieldError('ts', 'an integer (ms since epoch)', o.ts);
    }
    timestamp = o.ts;
  }
  if (o.tstype !== undefined && typeof o.tstype !== 'string') {
    throw fieldError('tstype', 'a string', o.tstype);
  }

  const headers = o.headers === undefined ? [] : readHeaders(o.headers);

  const key = o.key;
  if (key !== null && typeof key !== 'string') throw fieldError('key', 'a string or null', key);
  const value = o.payload;
  if (value !== null && typeof value !== 'string') {
    throw fieldError('payload', 'a string or null', value);
  }

  const record: KafkaRecord = { topic, partition, offset, timestamp, key, headers, value };
  if (o.payload_encoding !== undefined) {
    if (o.payload_encoding !== 'base64') {
      throw fieldError('payload_encoding', '"base64"', o.payload_encoding);
    }
    if (value === null) throw new RecordingLineError('payload_encoding: base64 on a null payload');
    if (!isBase64(value)) throw new RecordingLineError('payload: not valid base64');
    record.valueEncoding = 'base64';
  }
  return record;
}

function readOffset(line: string, parsed: unknown): bigint {
  if (parsed === undefined) throw new RecordingLineError('offset: missing');
  if (typeof parsed !== 'number' || !Number.isInteger(parsed) || parsed < 0) {
    throw fieldError('offset', 'a non-negative integer', parsed);
  }
  // JSON.parse is exact up to 2^53; only larger offsets need their digits.
  if (Number.isSafeInteger(parsed)) return BigInt(parsed);
  let digits: string | undefined;
  for (const m of line.matchAll(OFFSET_DIGITS)) {
    if (Number(m[1]) === parsed) digits = m[1];
  }
  if (digits === undefined) {
    throw new RecordingLineError('offset: not written as plain integer digits');
  }
  const offset = BigInt(digits);
  if (offset > INT64_MAX) throw new RecordingLineError(`offset: ${digits} exceeds int64`);
  return offset;
}

function readHeaders(raw: unknown): Array<[string, string | null]> {
  if (!Array.isArray(raw)) {
    throw fieldError('headers', 'a flat [name, value, …] array', raw);
  }
  if (raw.length % 2 !== 0) {
    throw new RecordingLineError(`headers: odd length ${raw.length} (expected name/value pairs)`);
  }
  const headers: Array<[string, string | null]> = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name: unknown = raw[i];
    const value: unknown = raw[i + 1];
    if (typeof name !== 'string') throw fieldError(`headers[${i}] (name)`, 'a string', name);
    if (value !== null && typeof value !== 'string') {
      throw fieldError(`headers[${i + 1}] (value of ${name})`, 'a string or null', value);
    }
    headers.push([name, value]);
  }
  return headers;
}

function isBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
}

function fieldError(field: string, expected: string, got: unknown): RecordingLineError {
  return new RecordingLineError(
    got === undefined
      ? `${field}: missing`
      : `${field}: expected ${expected}, got ${describe(got)}`,
  );
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  const text = JSON.stringify(v);
  return text.length > 40 ? `${typeof v} ${text.slice(0, 40)}…` : `${typeof v} ${text}`;
}
