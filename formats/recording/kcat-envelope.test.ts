import { describe, expect, it } from 'vitest';
import type { KafkaRecord } from '../record.ts';
import { decodeEnvelope, encodeEnvelope, RecordingLineError } from './kcat-envelope.ts';

const base: KafkaRecord = {
  topic: 'orders',
  partition: 0,
  offset: 42n,
  timestamp: 1767225600000,
  key: 'o-17',
  headers: [],
  value: '{"status":"PLACED"}',
};

function reasonOf(line: string): string {
  try {
    decodeEnvelope(line);
  } catch (err) {
    expect(err).toBeInstanceOf(RecordingLineError);
    return (err as RecordingLineError).reason;
  }
  throw new Error(`expected ${line} to be rejected`);
}

describe('encodeEnvelope', () => {
  it('writes kcat key order: topic, partition, offset, tstype, ts, headers, key, payload', () => {
    const line = encodeEnvelope({
      ...base,
      headers: [
        ['traceparent', '00-ab-01'],
        ['source', 'app'],
      ],
    });
    expect(line).toBe(
      '{"topic":"orders","partition":0,"offset":42,"tstype":"create","ts":1767225600000,' +
        '"headers":["traceparent","00-ab-01","source","app"],"key":"o-17","payload":"{\\"status\\":\\"PLACED\\"}"}',
    );
  });

  it('omits tstype/ts without a timestamp, headers when empty, and writes nulls for key and tombstone', () => {
    const line = encodeEnvelope({ ...base, timestamp: null, key: null, value: null });
    expect(line).toBe('{"topic":"orders","partition":0,"offset":42,"key":null,"payload":null}');
  });

  it('writes a header with a null value as JSON null', () => {
    const line = encodeEnvelope({ ...base, timestamp: null, headers: [['h', null]], value: 'x' });
    expect(line).toBe(
      '{"topic":"orders","partition":0,"offset":42,"headers":["h",null],"key":"o-17","payload":"x"}',
    );
  });

  it('flags a base64 payload with "payload_encoding":"base64" after the payload', () => {
    const line = encodeEnvelope({
      ...base,
      timestamp: null,
      value: '3q2+7w==',
      valueEncoding: 'base64',
    });
    expect(line).toBe(
      '{"topic":"orders","partition":0,"offset":42,"key":"o-17","payload":"3q2+7w==","payload_encoding":"base64"}',
    );
  });

  it('writes an offset above 2^53 as its exact bare digits', () => {
    const line = encodeEnvelope({ ...base, offset: 9007199254740993n });
    expect(line).toContain('"offset":9007199254740993,');
  });

  it('rejects a record whose fields cannot be written, naming the field', () => {
    expect(() => encodeEnvelope({ ...base, partition: 1.5 })).toThrow(/invalid partition: 1.5/);
    expect(() => encodeEnvelope({ ...base, offset: -1n })).toThrow(/invalid offset: -1/);
    expect(() => encodeEnvelope({ ...base, timestamp: Number.NaN })).toThrow(/invalid timestamp/);
    expect(() => encodeEnvelope({ ...base, topic: '' })).toThrow(/invalid topic: ""/);
    expect(() => encodeEnvelope({ ...base, value: 'é', valueEncoding: 'base64' })).toThrow(
      /invalid value: not base64/,
    );
  });
});

describe('decodeEnvelope', () => {
  it('reads a kcat line, ignoring broker, into a record', () => {
    const line =
      '{"topic":"orders","partition":0,"offset":42,"tstype":"create","ts":1767225600000,"broker":1,' +
      '"headers":["traceparent","00-…-01","source","app"],"key":"o-17","payload":"{\\"status\\":\\"PLACED\\"}"}';
    expect(decodeEnvelope(line)).toEqual({
      ...base,
      headers: [
        ['traceparent', '00-…-01'],
        ['source', 'app'],
      ],
    });
  });

  it('keeps offsets above 2^53 exact, up to int64 max', () => {
    const at = (offset: string) =>
      decodeEnvelope(`{"topic":"t","partition":0,"offset":${offset},"key":null,"payload":null}`)
        .offset;
    expect(at('9007199254740993')).toBe(9007199254740993n);
    expect(at('9223372036854775807')).toBe(9223372036854775807n);
    expect(at('9007199254740992')).toBe(9007199254740992n);
  });

  it('reads the top-level offset, not an "offset" inside the payload or a nested object', () => {
    const inPayload =
      '{"topic":"t","partition":0,"offset":9007199254740995,"key":null,"payload":"{\\"offset\\":9007199254740993}"}';
    expect(decodeEnvelope(inPayload).offset).toBe(9007199254740995n);
    const nested =
      '{"topic":"t","partition":0,"offset":9007199254740995,"x":{"offset":12},"key":null,"payload":null}';
    expect(decodeEnvelope(nested).offset).toBe(9007199254740995n);
  });

  it('round-trips edge cases through encode and decode unchanged', () => {
    const cases: KafkaRecord[] = [
      base,
      { ...base, timestamp: null },
      { ...base, key: null, value: null },
      { ...base, offset: 9007199254740993n, partition: 11 },
      { ...base, offset: 9223372036854775807n },
      {
        ...base,
        headers: [
          ['retry', '1'],
          ['retry', '2'],
          ['empty', null],
          ['', ''],
        ],
      },
      { ...base, value: '3q2+7w==', valueEncoding: 'base64' },
      { ...base, value: '', key: '' },
      { ...base, topic: 'ünïcode', key: 'k "q" \\ \n\t', value: 'Shawarma é 🌯 \u0000 \u2028' },
      { ...base, timestamp: 0 },
    ];
    for (const record of cases) expect(decodeEnvelope(encodeEnvelope(record))).toEqual(record);
  });

  it('rejects bad lines with a reason that names the field', () => {
    const ok = '"topic":"t","partition":0,"offset":1';
    expect(reasonOf('{"topic":"t",')).toMatch(/^not JSON: /);
    expect(reasonOf('[1,2]')).toBe('not a JSON object: an array');
    expect(reasonOf('{"partition":0,"offset":1,"key":null,"payload":null}')).toBe('topic: missing');
    expect(reasonOf('{"topic":"t","offset":1,"key":null,"payload":null}')).toBe(
      'partition: missing',
    );
    expect(reasonOf('{"topic":"t","partition":"0","offset":1,"key":null,"payload":null}')).toBe(
      'partition: expected a non-negative integer, got string "0"',
    );
    expect(reasonOf('{"topic":"t","partition":0,"key":null,"payload":null}')).toBe(
      'offset: missing',
    );
    expect(reasonOf('{"topic":"t","partition":0,"offset":-1,"key":null,"payload":null}')).toBe(
      'offset: expected a non-negative integer, got number -1',
    );
    expect(reasonOf('{"topic":"t","partition":0,"offset":1e20,"key":null,"payload":null}')).toBe(
      'offset: not written as plain integer digits',
    );
    expect(
      reasonOf(
        '{"topic":"t","partition":0,"offset":9223372036854775808,"key":null,"payload":null}',
      ),
    ).toBe('offset: 9223372036854775808 exceeds int64');
    expect(reasonOf(`{${ok},"ts":"1","key":null,"payload":null}`)).toBe(
      'ts: expected an integer (ms since epoch), got string "1"',
    );
    expect(reasonOf(`{${ok},"headers":["a","1","b"],"key":null,"payload":null}`)).toBe(
      'headers: odd length 3 (expected name/value pairs)',
    );
    expect(reasonOf(`{${ok},"headers":{"a":["1"]},"key":null,"payload":null}`)).toBe(
      'headers: expected a flat [name, value, …] array, got an object',
    );
    expect(reasonOf(`{${ok},"headers":[null,"1"],"key":null,"payload":null}`)).toBe(
      'headers[0] (name): expected a string, got null',
    );
    expect(reasonOf(`{${ok},"headers":["a",1],"key":null,"payload":null}`)).toBe(
      'headers[1] (value of a): expected a string or null, got number 1',
    );
    expect(reasonOf(`{${ok},"key":5,"payload":null}`)).toBe(
      'key: expected a string or null, got number 5',
    );
    expect(reasonOf(`{${ok},"key":null}`)).toBe('payload: missing');
    expect(reasonOf(`{${ok},"key":null,"payload":{"a":1}}`)).toBe(
      'payload: expected a string or null, got an object',
    );
    expect(reasonOf(`{${ok},"key":null,"payload":"AAAA","payload_encoding":"hex"}`)).toBe(
      'payload_encoding: expected "base64", got string "hex"',
    );
    expect(reasonOf(`{${ok},"key":null,"payload":null,"payload_encoding":"base64"}`)).toBe(
      'payload_encoding: base64 on a null payload',
    );
    expect(reasonOf(`{${ok},"key":null,"payload":"not base64!","payload_encoding":"base64"}`)).toBe(
      'payload: not valid base64',
    );
  });
});
