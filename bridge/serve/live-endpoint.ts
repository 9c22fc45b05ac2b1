import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Kafka } from 'kafkajs';
import { WebSocketServer } from 'ws';
import { kafkaClientConfig, connectionSecrets } from '../kafka-io/connection-options.ts';
import type { KafkaConnectionOptions } from '../kafka-io/connection-options.ts';
import { redactSecrets } from '../kafka-io/redaction.ts';
import { describeTimePoint, parseTimePoint } from '../kafka-io/time-point.ts';
import { LIVE_PATH } from '../../formats/index.ts';
import { LIVE_DEFAULTS, liveLimits, type LiveLimits } from './live-defaults.ts';
import { LiveSession } from './live-session.ts';
import { checkUpgrade } from './upgrade-guard.ts';
import { namedTopics, type TopicSelector } from './topic-selector.ts';

/** What the live endpoint streams, and who may connect. */
export interface LiveEndpointOptions {
  connection: KafkaConnectionOptions;
  /**
   * topics to stream: a selector (`parseTopicSelector`), or names; null or absent: every topic
   * not beginning with `_`
   */
  topics?: TopicSelector | string[] | null;
  /** `--from` text (default `-15m`); a relative time counts from each connection's start */
  from?: string;
  /** the per-run token every connection must present (`?token=`) */
  token: string;
  /** page origins allowed to connect, e.g. `localOrigins(host, port)` */
  origins: readonly string[];
  limits?: Partial<LiveLimits>;
}

/** A live endpoint attached to an HTTP server. */
export interface LiveEndpoint {
  /** connections open now */
  readonly sessions: number;
  /** Closes every connection (stopping its Kafka reader) and detaches from the server. */
  close(): Promise<void>;
}

/**
 * Serves {@link LIVE_PATH} on `server`: each upgrade is checked (path, Origin, Host, token)
 * before it happens and refused with 404/403/401 otherwise; each accepted connection gets its own
 * {@link LiveSession}. Kafka is read with one client shared by the connections.
 */
export function attachLiveEndpoint(server: Server, options: LiveEndpointOptions): LiveEndpoint {
  const fromText = options.from ?? LIVE_DEFAULTS.from;
  // Checked now, so a typo fails the command rather than every connection.
  describeTimePoint(parseTimePoint(fromText, '--from', Date.now()));
  const limits = liveLimits(options.limits);
  const secrets = connectionSecrets(options.connection);
  const kafka = new Kafka(kafkaClientConfig(options.connection));
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: LIVE_DEFAULTS.maxClientMessageBytes,
  });
  const sessions = new Set<LiveSession>();
  const topics = Array.isArray(options.topics)
    ? namedTopics(options.topics)
    : (options.topics ?? null);

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const verdict = checkUpgrade(
      { url: req.url, origin: req.headers.origin, host: req.headers.host },
      { path: LIVE_PATH, token: options.token, origins: options.origins },
    );
    if (!verdict.ok) {
      refuse(socket, verdict.status, verdict.reason);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const session = new LiveSession(ws, {
        kafka,
        topics,
        from: () => parseTimePoint(fromText, '--from', Date.now()),
        describeFrom: fromText,
        limits,
        redact: (text) => redactSecrets(text, secrets),
      });
      sessions.add(session);
      ws.on('close', () => sessions.delete(session));
    });
  };
  server.on('upgrade', onUpgrade);

  return {
    get sessions() {
      return sessions.size;
    },
    async close() {
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.close(1001, 'server closing');
      await Promise.all([...sessions].map((s) => s.close()));
      sessions.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
};

/** Answers a refused upgrade with a plain HTTP error, never switching protocols. */
function refuse(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
