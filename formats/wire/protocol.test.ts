import { describe, expect, it } from 'vitest';
import { MAX_CREDIT, parseClientMessage, parseServerMessage } from './protocol.ts';

describe('parseClientMessage', () => {
  it('reads start (with or without resume positions) and credit', () => {
    expect(parseClientMessage('{"type":"start"}')).toEqual({ type: 'start' });
    expect(
      parseClientMessage(
        '{"type":"start","resume":[{"topic":"a","partition":1,"next":"9007199254740993"}]}',
      ),
    ).toEqual({ type: 'start', resume: [{ topic: 'a', partition: 1, next: '9007199254740993' }] });
    expect(parseClientMessage('{"type":"credit","batches":3}')).toEqual({
      type: 'credit',
      batches: 3,
    });
  });

  it('names the field and the reason of a bad message', () => {
    expect(() => parseClientMessage('nope')).toThrow('invalid message: not JSON: nope');
    expect(() => parseClientMessage('{"type":"credit","batches":0}')).toThrow(
      'invalid credit.batches: 0 (expected a positive integer)',
    );
    expect(() => parseClientMessage(`{"type":"credit","batches":${MAX_CREDIT + 1}}`)).toThrow(
      `invalid credit.batches: ${MAX_CREDIT + 1} (at most ${MAX_CREDIT})`,
    );
    expect(() =>
      parseClientMessage('{"type":"start","resume":[{"topic":"a","partition":0,"next":5}]}'),
    ).toThrow('invalid start.resume[0].next: 5 (expected decimal offset digits)');
    expect(() => parseClientMessage('{"type":"seek"}')).toThrow('invalid message type: "seek"');
  });
});

describe('parseServerMessage', () => {
  it('refuses a hello of another protocol version as a protocol mismatch', () => {
    try {
      parseServerMessage('{"type":"hello","protocol":2,"partitions":[]}');
      expect.unreachable();
    } catch (err) {
      expect((err as { code: string }).code).toBe('protocol-mismatch');
      expect((err as Error).message).toBe('invalid hello.protocol: 2 (this client speaks 1)');
    }
  });

  it('reads a gap: a partition and the offsets [from, to) lost, checked as offsets are', () => {
    const gap = {
      type: 'gap',
      topic: 'orders',
      partition: 3,
      from: '150',
      to: '9007199254740993',
      message: 'deleted',
    };
    expect(parseServerMessage(JSON.stringify(gap))).toEqual(gap);
    expect(() => parseServerMessage(JSON.stringify({ ...gap, from: 150 }))).toThrow(
      'invalid gap.from: 150 (expected decimal offset digits)',
    );
    expect(() => parseServerMessage(JSON.stringify({ ...gap, partition: -1 }))).toThrow(
      'invalid gap.partition: expected a non-negative integer',
    );
    expect(() => parseServerMessage(JSON.stringify({ ...gap, to: '150' }))).toThrow(
      'invalid gap: from 150 is not before to 150',
    );
  });
});
