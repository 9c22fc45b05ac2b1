import { describe, expect, it } from 'vitest';
import { decodeBatchFrame, encodeBatchFrame } from './batch-frame.ts';

describe('batch frames', () => {
  it('carry seq, record count, next offsets and the NDJSON body, each line ending in a newline', () => {
    const lines = ['{"topic":"t","n":"é"}', '{"topic":"t","n":2}'];
    const bytes = encodeBatchFrame(7, lines, [
      { topic: 't', partition: 3, next: '9007199254740993' },
    ]);
    expect([...bytes.subarray(0, 4)]).toEqual([0x54, 0x44, 0x42, 0x01]);
    const frame = decodeBatchFrame(bytes);
    expect(frame.seq).toBe(7);
    expect(frame.records).toBe(2);
    expect(frame.next).toEqual([{ topic: 't', partition: 3, next: '9007199254740993' }]);
    expect(new TextDecoder().decode(frame.body)).toBe(`${lines[0]}\n${lines[1]}\n`);
  });

  it('takes a body already encoded as it is', () => {
    const lines = '{"topic":"t","n":"é😀"}\n{"topic":"t","n":2}\n';
    const body = new TextEncoder().encode(lines);
    const frame = decodeBatchFrame(encodeBatchFrame(3, { bytes: body, records: 2 }, []));
    expect([frame.seq, frame.records, frame.next]).toEqual([3, 2, []]);
    expect(new TextDecoder().decode(frame.body)).toBe(lines);
  });

  it('decodes a frame that sits inside a larger buffer (a view, as a transfer may hand over)', () => {
    const inner = encodeBatchFrame(0, ['{}'], []);
    const outer = new Uint8Array(inner.length + 10);
    outer.set(inner, 5);
    const frame = decodeBatchFrame(outer.subarray(5, 5 + inner.length));
    expect(new TextDecoder().decode(frame.body)).toBe('{}\n');
  });

  it('rejects bytes without the prefix, and a header longer than the frame, saying why', () => {
    expect(() => decodeBatchFrame(new TextEncoder().encode('{"topic":"t"}\n'))).toThrow(
      'invalid batch frame: no "TDB" version 1 prefix (14 bytes; wrong server?)',
    );
    const bytes = encodeBatchFrame(0, [], []);
    new DataView(bytes.buffer).setUint32(4, 1000, true);
    expect(() => decodeBatchFrame(bytes)).toThrow(
      `invalid batch frame: header length 1000 exceeds the ${bytes.length}-byte frame`,
    );
  });
});
