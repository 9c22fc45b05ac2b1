import { describe, expect, it } from 'vitest';
import { encodeBatchFrame } from './batch-frame.ts';
import {
  connectLive,
  liveSessionFromLocation,
  type LiveClientState,
  type WebSocketLike,
} from './live-client.ts';
import type { GapMessage, WireError } from './protocol.ts';

/** A socket the test drives: it opens, receives and closes when told. */
class FakeSocket implements WebSocketLike {
  binaryType = 'blob';
  readyState = 0;
  readonly sent: unknown[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(data: string | Uint8Array): void {
    this.onmessage?.({ data: typeof data === 'string' ? data : data.slice().buffer });
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({ code: 1006, reason: '' });
  }
}

const hello = (partitions: number[]) =>
  JSON.stringify({
    type: 'hello',
    protocol: 1,
    topics: ['t'],
    partitions: partitions.map((p) => ({ topic: 't', partition: p, next: '0' })),
    from: 'earliest',
    resumed: 0,
  });
const frame = (seq: number, partition: number, next: string) =>
  encodeBatchFrame(
    seq,
    [`{"topic":"t","partition":${partition}}`],
    [{ topic: 't', partition, next }],
  );
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('connectLive', () => {
  it('puts the token in the URL and keeps at most `credit` batches granted and not yet ingested', async () => {
    const sockets: FakeSocket[] = [];
    const release: Array<() => void> = [];
    const bodies: string[] = [];
    const conn = connectLive('ws://127.0.0.1:5170/live', 'tok', {
      credit: 2,
      createSocket: (url) => {
        sockets.push(new FakeSocket(url));
        return sockets.at(-1)!;
      },
      onBatch: (body) => {
        bodies.push(new TextDecoder().decode(body));
        return new Promise<void>((resolve) => release.push(resolve));
      },
    });
    const ws = sockets[0]!;
    expect(ws.url).toBe('ws://127.0.0.1:5170/live?token=tok');
    ws.open();
    ws.receive(hello([0]));
    expect(ws.sent).toEqual([{ type: 'start' }, { type: 'credit', batches: 2 }]);
    ws.receive(frame(0, 0, '1'));
    ws.receive(frame(1, 0, '2'));
    await tick();
    expect(bodies).toEqual(['{"topic":"t","partition":0}\n']);
    expect(ws.sent).toHaveLength(2);
    release.shift()!();
    await tick();
    // The first batch is ingested: one more batch may come; the second is being ingested.
    expect(ws.sent.at(-1)).toEqual({ type: 'credit', batches: 1 });
    expect(bodies).toHaveLength(2);
    release.shift()!();
    await tick();
    expect(ws.sent.at(-1)).toEqual({ type: 'credit', batches: 1 });
    expect(ws.sent).toHaveLength(4);
    conn.close();
  });

  it('hands the batches that arrived during an ingest over together, in order, and credits them all', async () => {
    const sockets: FakeSocket[] = [];
    const release: Array<() => void> = [];
    const calls: Array<{ body: string; seq: number; records: number; batches: number }> = [];
    const conn = connectLive('ws://h/live', 'tok', {
      credit: 4,
      createSocket: (url) => {
        sockets.push(new FakeSocket(url));
        return sockets.at(-1)!;
      },
      onBatch: (body, info) => {
        calls.push({ body: new TextDecoder().decode(body), ...info });
        return new Promise<void>((resolve) => release.push(resolve));
      },
    });
    const ws = sockets[0]!;
    ws.open();
    ws.receive(hello([0, 1]));
    ws.receive(frame(0, 0, '1'));
    ws.receive(frame(1, 1, '5'));
    ws.receive(
      encodeBatchFrame(
        2,
        ['{"topic":"t","partition":0,"n":1}', '{"topic":"t","partition":0,"n":2}'],
        [{ topic: 't', partition: 0, next: '3' }],
      ),
    );
    await tick();
    expect(calls).toHaveLength(1);
    release.shift()!();
    await tick();
    expect(calls).toEqual([
      { body: '{"topic":"t","partition":0}\n', seq: 0, records: 1, batches: 1 },
      {
        body: '{"topic":"t","partition":1}\n{"topic":"t","partition":0,"n":1}\n{"topic":"t","partition":0,"n":2}\n',
        seq: 2,
        records: 3,
        batches: 2,
      },
    ]);
    // The first batch is ingested: credit for one; the other two are still being ingested.
    expect(ws.sent.at(-1)).toEqual({ type: 'credit', batches: 1 });
    release.shift()!();
    await tick();
    expect(ws.sent.at(-1)).toEqual({ type: 'credit', batches: 2 });
    expect(conn.positions()).toEqual([
      { topic: 't', partition: 0, next: '3' },
      { topic: 't', partition: 1, next: '5' },
    ]);
    conn.close();
  });

  it('after a drop, reconnects and resumes after the last batch received, in every partition', async () => {
    const sockets: FakeSocket[] = [];
    const states: LiveClientState[] = [];
    const conn = connectLive('ws://h/live', 'tok', {
      reconnectInitialMs: 1,
      createSocket: (url) => {
        sockets.push(new FakeSocket(url));
        return sockets.at(-1)!;
      },
      onBatch: () => undefined,
      onState: (s) => states.push(s),
    });
    sockets[0]!.open();
    sockets[0]!.receive(hello([0, 1]));
    sockets[0]!.receive(frame(0, 1, '42'));
    await tick();
    sockets[0]!.drop();
    while (sockets.length < 2) await tick();
    sockets[1]!.open();
    expect(sockets[1]!.sent[0]).toEqual({
      type: 'start',
      resume: [
        { topic: 't', partition: 0, next: '0' },
        { topic: 't', partition: 1, next: '42' },
      ],
    });
    expect(conn.positions()).toEqual([
      { topic: 't', partition: 0, next: '0' },
      { topic: 't', partition: 1, next: '42' },
    ]);
    sockets[1]!.receive(hello([0, 1]));
    expect(states).toEqual(['open', 'reconnecting', 'open']);
    conn.close();
    expect(conn.state).toBe('closed');
  });

  it('hands a gap to onGap, and leaves the resume positions to the batches', async () => {
    const sockets: FakeSocket[] = [];
    const gaps: GapMessage[] = [];
    const errors: WireError[] = [];
    const conn = connectLive('ws://h/live', 'tok', {
      createSocket: (url) => {
        sockets.push(new FakeSocket(url));
        return sockets.at(-1)!;
      },
      onBatch: () => undefined,
      onGap: (g) => gaps.push(g),
      onError: (e) => errors.push(e),
    });
    const gap: GapMessage = {
      type: 'gap',
      topic: 't',
      partition: 0,
      from: '5',
      to: '90',
      message: 'offsets 5–89 were deleted',
    };
    sockets[0]!.open();
    sockets[0]!.receive(hello([0]));
    sockets[0]!.receive(JSON.stringify(gap));
    expect(gaps).toEqual([gap]);
    expect(errors).toEqual([]);
    // Records before the gap may still be on their way from the bridge's buffer.
    expect(conn.positions()).toEqual([{ topic: 't', partition: 0, next: '0' }]);
    conn.close();
  });

  it('stops, without reconnecting, when the server speaks another protocol version', async () => {
    const sockets: FakeSocket[] = [];
    const errors: WireError[] = [];
    const conn = connectLive('ws://h/live', 'tok', {
      reconnectInitialMs: 1,
      createSocket: (url) => {
        sockets.push(new FakeSocket(url));
        return sockets.at(-1)!;
      },
      onBatch: () => undefined,
      onError: (e) => errors.push(e),
    });
    sockets[0]!.open();
    sockets[0]!.receive('{"type":"hello","protocol":9,"partitions":[]}');
    sockets[0]!.drop();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(errors.map((e) => e.code)).toEqual(['protocol-mismatch']);
    expect([conn.state, sockets.length]).toEqual(['closed', 1]);
  });
});

describe('liveSessionFromLocation', () => {
  it('reads the token from the fragment and names the endpoint on the same origin', () => {
    expect(
      liveSessionFromLocation({ protocol: 'http:', host: '127.0.0.1:5170', hash: '#token=a-b_c' }),
    ).toEqual({ url: 'ws://127.0.0.1:5170/live', token: 'a-b_c' });
    expect(
      liveSessionFromLocation({ protocol: 'https:', host: 'x:1', hash: '#token=t' })?.url,
    ).toBe('wss://x:1/live');
    expect(liveSessionFromLocation({ protocol: 'http:', host: 'x:1', hash: '' })).toBe(null);
  });
});
