import { decodeBatchFrame, type BatchFrame } from './batch-frame.ts';
import {
  LIVE_PATH,
  WireMessageError,
  parseServerMessage,
  type GapMessage,
  type HelloMessage,
  type PartitionResume,
  type StatusMessage,
  type WireError,
} from './protocol.ts';

/** The client's defaults: credit window and reconnect backoff. */
export const LIVE_CLIENT_DEFAULTS = {
  /** batches granted ahead: in flight, queued or being ingested */
  credit: 4,
  reconnectInitialMs: 250,
  reconnectMaxMs: 5_000,
} as const;

/** The part of the browser's WebSocket the client uses (Node's `ws` has it too). */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** What the connection is doing: `open` once the server said hello. */
export type LiveClientState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ConnectLiveOptions {
  /**
   * One batch: `body` is kcat NDJSON (for `engine.appendLive`). Called one batch at a time, in
   * order; credit for another batch is granted when the returned promise settles. Batches that
   * arrived meanwhile come together in the next call (their bodies one after the other, `seq`
   * the last one's, `records` their sum, `batches` how many): an ingest that falls behind makes fewer, larger
   * appends, each paying its fixed costs once.
   */
  onBatch(
    body: Uint8Array,
    info: { seq: number; records: number; batches: number },
  ): Promise<unknown> | unknown;
  onHello?(hello: HelloMessage): void;
  onStatus?(status: StatusMessage): void;
  /** offsets of a partition that will never arrive: Kafka deleted them before they were read */
  onGap?(gap: GapMessage): void;
  onState?(state: LiveClientState): void;
  /** problems as data: a bad frame, an `onBatch` that threw, a protocol mismatch */
  onError?(error: WireError): void;
  /** batches granted ahead (default 4) */
  credit?: number;
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  /** Makes the socket; default the global `WebSocket` (tests pass Node's `ws`). */
  createSocket?: (url: string) => WebSocketLike;
}

/** A live connection; it reconnects by itself until `close()`. */
export interface LiveConnection {
  readonly state: LiveClientState;
  /** the next offset wanted per partition: where a reconnect resumes */
  positions(): PartitionResume[];
  close(): void;
}

const OPEN = 1;

/**
 * Connects to the bridge's live endpoint (`url` such as `ws://127.0.0.1:5170/live`) with the
 * run's token, and keeps the credit loop going: at most `credit` batches are granted and not
 * yet ingested. When the socket drops it reconnects with backoff and jitter and resumes after
 * the last batch received, so each record arrives once.
 */
export function connectLive(
  url: string,
  token: string,
  options: ConnectLiveOptions,
): LiveConnection {
  const window = options.credit ?? LIVE_CLIENT_DEFAULTS.credit;
  if (!Number.isInteger(window) || window < 1) {
    throw new Error(`invalid credit: ${window} (expected a positive integer)`);
  }
  const initialMs = options.reconnectInitialMs ?? LIVE_CLIENT_DEFAULTS.reconnectInitialMs;
  const maxMs = options.reconnectMaxMs ?? LIVE_CLIENT_DEFAULTS.reconnectMaxMs;
  const create = options.createSocket ?? defaultSocket;
  const target = withToken(url, token);

  const positions = new Map<string, PartitionResume>();
  const queue: BatchFrame[] = [];
  let socket: WebSocketLike | null = null;
  let state: LiveClientState = 'connecting';
  let closed = false;
  let attempt = 0;
  let outstanding = 0;
  /** batches handed to `onBatch` and not settled yet */
  let ingesting = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const setState = (next: LiveClientState): void => {
    if (state === next) return;
    state = next;
    options.onState?.(next);
  };
  const fail = (code: WireError['code'], err: unknown): void =>
    options.onError?.({ code, message: err instanceof Error ? err.message : String(err) });

  /** Keeps `outstanding + queued + ingesting` at the window. */
  const grant = (): void => {
    if (!socket || socket.readyState !== OPEN) return;
    const want = window - outstanding - queue.length - ingesting;
    if (want <= 0) return;
    outstanding += want;
    socket.send(JSON.stringify({ type: 'credit', batches: want }));
  };

  const drain = async (): Promise<void> => {
    if (ingesting > 0) return;
    while (queue.length > 0) {
      const frames = queue.splice(0);
      const last = frames[frames.length - 1]!;
      let records = 0;
      for (const f of frames) records += f.records;
      ingesting = frames.length;
      try {
        await options.onBatch(joinBodies(frames), {
          seq: last.seq,
          records,
          batches: frames.length,
        });
      } catch (err) {
        fail('bad-message', err);
      }
      ingesting = 0;
      if (closed) return;
      grant();
    }
  };

  const onText = (ws: WebSocketLike, text: string): void => {
    let message;
    try {
      message = parseServerMessage(text);
    } catch (err) {
      if (err instanceof WireMessageError && err.code === 'protocol-mismatch') {
        stopFor(ws, err.code, err);
      } else fail('bad-message', err);
      return;
    }
    if (message.type === 'hello') {
      attempt = 0;
      for (const p of message.partitions) {
        const key = `${p.partition}\u0000${p.topic}`;
        if (!positions.has(key)) positions.set(key, { ...p });
      }
      setState('open');
      options.onHello?.(message);
    } else if (message.type === 'gap') options.onGap?.(message);
    else options.onStatus?.(message);
  };

  const onBinary = (data: ArrayBuffer): void => {
    let frame: BatchFrame;
    try {
      frame = decodeBatchFrame(new Uint8Array(data));
    } catch (err) {
      fail('bad-message', err);
      return;
    }
    outstanding = Math.max(0, outstanding - 1);
    for (const p of frame.next) positions.set(`${p.partition}\u0000${p.topic}`, { ...p });
    queue.push(frame);
    void drain();
  };

  const stopFor = (ws: WebSocketLike, code: WireError['code'], err: unknown): void => {
    fail(code, err);
    closed = true;
    ws.close(1002, code);
    setState('closed');
  };

  const open = (): void => {
    setState(attempt === 0 && state !== 'reconnecting' ? 'connecting' : 'reconnecting');
    let ws: WebSocketLike;
    try {
      ws = create(target);
    } catch (err) {
      fail('bad-message', err);
      reconnect();
      return;
    }
    socket = ws;
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => {
      if (ws !== socket) return;
      outstanding = 0;
      const resume = [...positions.values()];
      ws.send(JSON.stringify(resume.length > 0 ? { type: 'start', resume } : { type: 'start' }));
      grant();
    };
    ws.onmessage = (event) => {
      if (ws !== socket) return;
      if (typeof event.data === 'string') onText(ws, event.data);
      else if (event.data instanceof ArrayBuffer) onBinary(event.data);
    };
    ws.onclose = () => {
      if (ws !== socket) return;
      socket = null;
      if (!closed) reconnect();
    };
    ws.onerror = () => undefined; // a close event follows, and reconnects
  };

  const reconnect = (): void => {
    setState('reconnecting');
    const delay = Math.min(maxMs, initialMs * 2 ** attempt) * (0.5 + Math.random() / 2);
    attempt++;
    timer = setTimeout(open, delay);
  };

  open();
  return {
    get state() {
      return state;
    },
    positions: () => [...positions.values()].map((p) => ({ ...p })),
    close() {
      closed = true;
      clearTimeout(timer);
      const ws = socket;
      socket = null;
      ws?.close(1000, 'closed by the client');
      setState('closed');
    },
  };
}

/** The frames' bodies one after the other, each ending in a newline. */
function joinBodies(frames: readonly BatchFrame[]): Uint8Array {
  if (frames.length === 1) return frames[0]!.body;
  const ends = (b: Uint8Array) => b.length === 0 || b[b.length - 1] === 0x0a;
  let length = 0;
  for (const { body } of frames) length += body.length + (ends(body) ? 0 : 1);
  const out = new Uint8Array(length);
  let at = 0;
  for (const { body } of frames) {
    out.set(body, at);
    at += body.length;
    if (!ends(body)) out[at++] = 0x0a;
  }
  return out;
}

function withToken(url: string, token: string): string {
  const u = new URL(url);
  u.searchParams.set('token', token);
  return u.toString();
}

function defaultSocket(url: string): WebSocketLike {
  const Socket = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  if (!Socket) throw new Error('no WebSocket here: pass createSocket (Node: the ws package)');
  return new Socket(url);
}

/**
 * The live session a page was opened for, from its URL: `tapedeck serve --brokers …` prints
 * `http://127.0.0.1:PORT/#token=…`. The fragment never leaves the browser (no request, log or
 * Referer carries it) and only this origin's scripts can read it. Null when the page was opened
 * without a token (the demo).
 */
export function liveSessionFromLocation(location: {
  protocol: string;
  host: string;
  hash: string;
}): { url: string; token: string } | null {
  const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (!token) return null;
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return { url: `${scheme}//${location.host}${LIVE_PATH}`, token };
}
