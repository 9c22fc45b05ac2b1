import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { KafkaRecord } from '../../formats/index.ts';
import type { KafkaConnectionOptions } from '../kafka-io/connection-options.ts';
import { readAllRecording } from '../../formats/index.ts';
import {
  connectLive,
  type ConnectLiveOptions,
  type LiveConnection,
  type GapMessage,
  type StatusMessage,
  type WebSocketLike,
} from '../../formats/index.ts';
import type { LiveLimits } from '../serve/live-defaults.ts';
import { attachLiveEndpoint, type LiveEndpoint } from '../serve/live-endpoint.ts';
import { startStaticServer } from '../serve/static-server.ts';
import type { TopicSelector } from '../serve/topic-selector.ts';
import { localOrigins, newSessionToken } from '../serve/upgrade-guard.ts';

/** A bridge with a live endpoint on a free 127.0.0.1 port, for one test. */
export interface LiveHarness {
  /** `ws://127.0.0.1:PORT/live` */
  url: string;
  /** the page origin the bridge serves, `http://127.0.0.1:PORT` */
  origin: string;
  token: string;
  endpoint: LiveEndpoint;
  close(): Promise<void>;
}

/** Starts the static server (on an empty folder) with the live endpoint attached. */
export async function startLiveHarness(
  connection: KafkaConnectionOptions,
  options: {
    topics?: string[] | TopicSelector;
    from?: string;
    limits?: Partial<LiveLimits>;
  } = {},
): Promise<LiveHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'tapedeck-live-'));
  const running = await startStaticServer({ dir, host: '127.0.0.1', port: 0 });
  const port = Number(new URL(running.url).port);
  const token = newSessionToken();
  const endpoint = attachLiveEndpoint(running.server, {
    connection,
    token,
    origins: localOrigins('127.0.0.1', port),
    ...options,
  });
  return {
    url: `ws://127.0.0.1:${port}/live`,
    origin: `http://127.0.0.1:${port}`,
    token,
    endpoint,
    close: async () => {
      await endpoint.close();
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The HTTP status an upgrade gets: 101 when the WebSocket opens (it is closed at once), else
 * the refusal's status.
 */
export function upgradeStatus(url: string, origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', (err) => reject(err));
  });
}

/** A browser stand-in: `connectLive` over Node's `ws`, collecting what arrives. */
export interface LiveCollector {
  connection: LiveConnection;
  records: KafkaRecord[];
  statuses: StatusMessage[];
  gaps: GapMessage[];
  batches: number;
  /** the socket now in use: a test may terminate it to simulate a drop */
  socket(): WebSocket | null;
}

/** Connects like the browser would, from `origin`, decoding each batch body into records. */
export function collectLive(
  h: LiveHarness,
  options: Partial<ConnectLiveOptions> = {},
): LiveCollector {
  let current: WebSocket | null = null;
  const out: LiveCollector = {
    records: [],
    statuses: [],
    gaps: [],
    batches: 0,
    socket: () => current,
    connection: null as unknown as LiveConnection,
  };
  out.connection = connectLive(h.url, h.token, {
    reconnectInitialMs: 50,
    reconnectMaxMs: 500,
    ...options,
    onBatch: async (body, info) => {
      const { records, malformed } = await readAllRecording(body);
      if (malformed.length > 0) throw new Error(`malformed lines: ${JSON.stringify(malformed)}`);
      out.records.push(...records);
      out.batches++;
      await options.onBatch?.(body, info);
    },
    onStatus: (status) => {
      out.statuses.push(status);
      options.onStatus?.(status);
    },
    onGap: (gap) => {
      out.gaps.push(gap);
      options.onGap?.(gap);
    },
    createSocket: (url) => {
      current = new WebSocket(url, { origin: h.origin });
      return current as unknown as WebSocketLike;
    },
  });
  return out;
}

/** Polls `condition` until it holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => boolean,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Offsets received per partition (`topic/partition` → offsets in arrival order). */
export function offsetsByPartition(records: readonly KafkaRecord[]): Map<string, bigint[]> {
  const out = new Map<string, bigint[]>();
  for (const r of records) {
    const key = `${r.topic}/${r.partition}`;
    let offsets = out.get(key);
    if (!offsets) out.set(key, (offsets = []));
    offsets.push(r.offset);
  }
  return out;
}
