import { describe, expect, it } from 'vitest';
import type { StatusMessage, WireError } from '../../formats/index.ts';
import { bridgeBacklog, isCaughtUp, liveConnectionView } from './live-connection.ts';

function status(extra: Partial<StatusMessage> = {}): StatusMessage {
  return {
    type: 'status',
    state: 'streaming',
    partitions: [],
    buffered: { records: 0, bytes: 0 },
    credit: 4,
    sent: { batches: 0, records: 0 },
    reconnects: 0,
    error: null,
    ...extra,
  };
}

const unreachable: WireError = { code: 'kafka-unreachable', message: 'kafka down' };

describe('live connection view', () => {
  it('is connecting, then live once the socket is open and the bridge reports no problem', () => {
    expect(liveConnectionView('connecting', null, null)).toEqual({
      state: 'connecting',
      message: null,
    });
    expect(liveConnectionView('open', status(), null)).toEqual({ state: 'live', message: null });
  });

  it('is an error while the bridge cannot reach Kafka, though the socket is open', () => {
    expect(liveConnectionView('open', status({ error: unreachable }), null)).toEqual({
      state: 'error',
      message: 'kafka down',
    });
  });

  it('stays live with a warning when offsets were skipped', () => {
    const gap: WireError = { code: 'offset-gap', message: 'offsets 3–9 were deleted' };
    expect(liveConnectionView('open', status({ error: gap }), null)).toEqual({
      state: 'live',
      message: 'offsets 3–9 were deleted',
    });
  });

  it('is reconnecting with the latest problem, and an error once closed by a problem', () => {
    expect(liveConnectionView('reconnecting', null, unreachable)).toEqual({
      state: 'reconnecting',
      message: 'kafka down',
    });
    const mismatch: WireError = { code: 'protocol-mismatch', message: 'speaks 2' };
    expect(liveConnectionView('closed', null, mismatch)).toEqual({
      state: 'error',
      message: 'speaks 2',
    });
    expect(liveConnectionView('closed', null, null)).toEqual({ state: 'closed', message: null });
  });

  it('sums the lag of every partition and the bridge buffer, or null while a lag is unknown', () => {
    const parts = [
      { topic: 'a', partition: 0, next: '10', high: '15', lag: 5 },
      { topic: 'a', partition: 1, next: '3', high: '3', lag: 0 },
    ];
    expect(bridgeBacklog(status({ partitions: parts, buffered: { records: 7, bytes: 70 } }))).toBe(
      12,
    );
    const unknown = [...parts, { topic: 'b', partition: 0, next: '0', high: null, lag: null }];
    expect(bridgeBacklog(status({ partitions: unknown }))).toBeNull();
    expect(bridgeBacklog(null)).toBeNull();
  });
});

describe('caught up', () => {
  const read = [{ topic: 'a', partition: 0, next: '10', high: '10', lag: 0 }];
  const sent = { batches: 2, records: 10 };

  it('is caught up once Kafka, the bridge and the browser all hold the same records', () => {
    expect(isCaughtUp(status({ partitions: read, sent }), 10)).toBe(true);
  });

  it('is not while records are in Kafka, in the bridge, or on their way to the browser', () => {
    const behind = [{ ...read[0]!, next: '7', lag: 3 }];
    expect(isCaughtUp(status({ partitions: behind, sent }), 10)).toBe(false);
    const buffered = { records: 2, bytes: 20 };
    expect(isCaughtUp(status({ partitions: read, sent, buffered }), 10)).toBe(false);
    expect(isCaughtUp(status({ partitions: read, sent }), 8)).toBe(false);
  });

  it('is not before the bridge knows its partitions', () => {
    expect(isCaughtUp(status(), 0)).toBe(false);
    expect(isCaughtUp(null, 0)).toBe(false);
  });
});
