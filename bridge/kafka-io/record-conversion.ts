import { isUtf8 } from 'node:buffer';
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import type { KafkaRecord } from '../../formats/index.ts';

/**
 * A record as kafkajs 2.2.4 delivered it, made exact: offset as a bigint from its digits, value as
 * UTF-8 text, or base64 flagged `valueEncoding: 'base64'` when the bytes are not valid UTF-8.
 *
 * Keys and header values are decoded as UTF-8 (the record type has no binary flag for them), so
 * binary keys or header values are not carried exactly. Header order: kafkajs hands headers over
 * as an object of name → value or value[], so the values of one name stay in order but names are
 * listed in order of first appearance (integer-like names first, as JavaScript orders object
 * keys): `a=1, b=2, a=3` on the wire arrives as `a=1, a=3, b=2`.
 */
export function toKafkaRecord(
  topic: string,
  partition: number,
  message: KafkaMessage,
): KafkaRecord {
  const timestamp = Number(message.timestamp);
  const record: KafkaRecord = {
    topic,
    partition,
    offset: BigInt(message.offset),
    // Message-format v0 records have no timestamp; kafkajs reports them as -1.
    timestamp: Number.isSafeInteger(timestamp) && timestamp >= 0 ? timestamp : null,
    key: message.key === null ? null : message.key.toString('utf8'),
    headers: headerPairs(message.headers),
    value: null,
  };
  if (message.value !== null) {
    if (isUtf8(message.value)) {
      record.value = message.value.toString('utf8');
    } else {
      record.value = message.value.toString('base64');
      record.valueEncoding = 'base64';
    }
  }
  return record;
}

function headerPairs(headers: IHeaders | undefined): Array<[string, string | null]> {
  const pairs: Array<[string, string | null]> = [];
  if (headers === undefined) return pairs;
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    for (const one of Array.isArray(value) ? value : [value]) {
      pairs.push([name, one === undefined || one === null ? null : one.toString('utf8')]);
    }
  }
  return pairs;
}

/** What {@link toKafkaMessage} did that a reader of the replayed topic should know about. */
export interface MessageNotes {
  /** Header values that were null and went out empty (kafkajs 2.2.4 cannot send null). */
  nullHeaderValues: number;
}

/**
 * A record as a kafkajs message for its own partition: key, value (base64 decoded back to bytes),
 * headers followed by `extraHeaders`, and the original timestamp unless `timestamp` is given.
 *
 * kafkajs 2.2.4 sends headers from an object, so the same limits apply as when reading: values
 * of one name are sent together, in order, at the place of the name's first appearance; and a null
 * header value cannot be sent at all (its size computation throws), so it goes out as empty bytes
 * and is counted in `notes`.
 */
export function toKafkaMessage(
  record: KafkaRecord,
  extraHeaders: ReadonlyArray<readonly [string, string]>,
  notes: MessageNotes,
  timestamp?: number,
): Message {
  // No prototype: a header named __proto__ must stay a header.
  const headers: IHeaders = Object.create(null) as IHeaders;
  const add = (name: string, value: string | Buffer): void => {
    const existing = headers[name];
    if (existing === undefined) headers[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else headers[name] = [existing, value];
  };
  for (const [name, value] of record.headers) {
    if (value === null) notes.nullHeaderValues++;
    add(name, value ?? Buffer.alloc(0));
  }
  for (const [name, value] of extraHeaders) add(name, value);

  const message: Message = {
    partition: record.partition,
    key: record.key,
    value:
      record.value === null
        ? null
        : record.valueEncoding === 'base64'
          ? Buffer.from(record.value, 'base64')
          : record.value,
    headers,
  };
  const ts = timestamp ?? record.timestamp;
  if (ts !== null) message.timestamp = String(ts);
  return message;
}

/** Bytes a message will take on the wire, near enough (never under) for batching limits. */
export function approximateSize(record: KafkaRecord): number {
  let size = 64 + (record.key === null ? 0 : Buffer.byteLength(record.key));
  if (record.value !== null) {
    // base64 text is a third longer than its bytes: an over-estimate is safe here.
    size +=
      record.valueEncoding === 'base64' ? record.value.length : Buffer.byteLength(record.value);
  }
  for (const [name, value] of record.headers) {
    size += 8 + Buffer.byteLength(name) + (value === null ? 0 : Buffer.byteLength(value));
  }
  return size;
}
