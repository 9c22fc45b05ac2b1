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
});
