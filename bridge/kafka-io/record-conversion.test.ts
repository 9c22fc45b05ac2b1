import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { KafkaRecord } from '../../formats/index.ts';
import { toKafkaMessage, toKafkaRecord } from './record-conversion.ts';

function message(fields: Partial<KafkaMessage>): KafkaMessage {
  return {
    key: null,
    value: null,
    timestamp: '1767225600000',
    attributes: 0,
    offset: '0',
    headers: {},
    ...fields,
  } as KafkaMessage;
}

describe('toKafkaRecord', () => {
  it('keeps offsets above 2^53 exact and the timestamp as a number', () => {
    const r = toKafkaRecord(
      't',
      3,
      message({ offset: '9007199254740993', value: Buffer.from('v') }),
    );
    expect(r).toEqual({
      topic: 't',
      partition: 3,
      offset: 9_007_199_254_740_993n,
      timestamp: 1_767_225_600_000,
      key: null,
      headers: [],
      value: 'v',
    });
  });

  it('reads a missing timestamp (-1) as null', () => {
    expect(toKafkaRecord('t', 0, message({ timestamp: '-1' })).timestamp).toBeNull();
  });

  it('keeps UTF-8 values as text, a leading BOM included, and a tombstone as null', () => {
    expect(toKafkaRecord('t', 0, message({ value: Buffer.from('naïve 🍕') })).value).toBe(
      'naïve 🍕',
    );
    expect(
      toKafkaRecord('t', 0, message({ value: Buffer.from([0xef, 0xbb, 0xbf, 0x41]) })).value,
    ).toBe('\ufeffA');
    expect(toKafkaRecord('t', 0, message({ value: null }))).toMatchObject({ value: null });
    expect(toKafkaRecord('t', 0, message({ value: null })).valueEncoding).toBeUndefined();
  });

  it('writes bytes that are not valid UTF-8 as base64, flagged', () => {
    const r = toKafkaRecord('t', 0, message({ value: Buffer.from([0xff, 0xfe, 0x00, 0x80]) }));
    expect(r).toMatchObject({ value: '//4AgA==', valueEncoding: 'base64' });
  });

  it('lists headers as pairs: repeated names in order, Buffers as text, null kept', () => {
    const r = toKafkaRecord(
      't',
      0,
      message({
        headers: {
          traceparent: Buffer.from('00-a-01'),
          tag: [Buffer.from('a'), Buffer.from('b')],
          gone: null as unknown as Buffer,
        },
      }),
    );
    expect(r.headers).toEqual([
      ['traceparent', '00-a-01'],
      ['tag', 'a'],
      ['tag', 'b'],
      ['gone', null],
    ]);
  });
});

describe('toKafkaMessage', () => {
  const base: KafkaRecord = {
    topic: 't',
    partition: 2,
    offset: 7n,
    timestamp: 1_767_225_600_000,
    key: 'k',
    headers: [],
    value: 'v',
  };

  it('sends to the record’s partition with key, value and original timestamp', () => {
    const notes = { nullHeaderValues: 0 };
    const m = toKafkaMessage(base, [], notes);
    expect(m).toMatchObject({ partition: 2, key: 'k', value: 'v', timestamp: '1767225600000' });
  });

  it('decodes a base64 value back to its bytes, and keeps a tombstone null', () => {
    const notes = { nullHeaderValues: 0 };
    const bin = toKafkaMessage({ ...base, value: '//4AgA==', valueEncoding: 'base64' }, [], notes);
    expect(bin.value).toEqual(Buffer.from([0xff, 0xfe, 0x00, 0x80]));
    expect(toKafkaMessage({ ...base, value: null }, [], notes).value).toBeNull();
  });

  it('groups repeated header names in order, appends extra headers, and counts null values sent empty', () => {
    const notes = { nullHeaderValues: 0 };
    const m = toKafkaMessage(
      {
        ...base,
        headers: [
          ['tag', 'a'],
          ['src', 'app'],
          ['tag', 'b'],
          ['gone', null],
        ],
      },
      [['tapedeck-replay-id', 'r1']],
      notes,
    );
    expect({ ...m.headers }).toEqual({
      tag: ['a', 'b'],
      src: 'app',
      gone: Buffer.alloc(0),
      'tapedeck-replay-id': 'r1',
    });
    expect(Object.keys(m.headers!)).toEqual(['tag', 'src', 'gone', 'tapedeck-replay-id']);
    expect(notes.nullHeaderValues).toBe(1);
  });

  it('keeps a header named __proto__ as a header', () => {
    const m = toKafkaMessage({ ...base, headers: [['__proto__', 'x']] }, [], {
      nullHeaderValues: 0,
    });
    expect(Object.keys(m.headers!)).toEqual(['__proto__']);
  });

  it('stamps the given time instead of the original, and leaves a missing timestamp to the broker', () => {
    const notes = { nullHeaderValues: 0 };
    expect(toKafkaMessage(base, [], notes, 42).timestamp).toBe('42');
    expect(toKafkaMessage({ ...base, timestamp: null }, [], notes).timestamp).toBeUndefined();
  });
});
