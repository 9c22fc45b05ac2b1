import { InvalidArgumentError, type Command } from 'commander';
import { Kafka } from 'kafkajs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import {
  addConnectionOptions,
  connectionFromCli,
  connectionWarnings,
  describeConnection,
  kafkaClientConfig,
  parseTimePoint,
  withRedactedErrors,
  type ConnectionFlags,
  type KafkaConnectionOptions,
} from '../../bridge/index.ts';
import { connectTo } from '../../bridge/index.ts';
import { appBuildIsStale, buildApp } from '../../bridge/index.ts';
import { LIVE_DEFAULTS } from '../../bridge/index.ts';
import { attachLiveEndpoint, type LiveEndpoint } from '../../bridge/index.ts';
import { checkLiveTopics, parseTopicSelector, type TopicSelector } from '../../bridge/index.ts';
import { startStaticServer } from '../../bridge/index.ts';
import { localOrigins, newSessionToken } from '../../bridge/index.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const APP_DIR = join(ROOT, 'dist', 'app');

interface ServeFlags extends ConnectionFlags {
  port: number;
  host: string;
  build: boolean;
  topics?: string;
  from?: string;
  allowOrigin: string[];
}

/** Parses a TCP port option (0 = any free port). */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(`invalid port: ${value} (expected 0–65535)`);
  }
  return port;
}

/** Parses an `--allow-origin` value (`http://host:port`, nothing after it) and collects it. */
export function collectOrigin(value: string, previous: string[]): string[] {
  let origin: string;
  try {
    origin = new URL(value).origin;
  } catch {
    origin = 'null';
  }
  if (origin === 'null' || origin !== value.replace(/\/$/, '')) {
    throw new InvalidArgumentError(
      `invalid --allow-origin: ${value} (expected scheme://host[:port], e.g. http://localhost:5173)`,
    );
  }
  return [...previous, origin];
}

/**
 * `tapedeck serve`: builds the app if needed and serves it on 127.0.0.1. With `--brokers` (or
 * TAPEDECK_BROKERS) it also streams Kafka live to the page over `/live`.
 */
export function registerServeCommand(program: Command): void {
  const command = program
    .command('serve')
    .description(
      'serve the app on a local address: the kitchen demo, and with --brokers a live stream from Kafka',
    )
    .option('--port <port>', 'port to listen on (0 = any free port)', parsePort, 5170)
    .option('--host <host>', 'address to bind; keep the default unless you know why', '127.0.0.1')
    .option('--no-build', 'serve dist/app as it is, without rebuilding stale sources')
    .option(
      '--topics <a,b,…>',
      'live: topics to stream: names a,b; globs orders-*; or /regex/ (whole name); topics ' +
        'created later that match are followed too (default: every topic not beginning with _)',
    )
    .option(
      '--from <time>',
      'live: where each connection starts: ISO-8601 time, earliest, latest, now, ms since ' +
        `epoch, or a time ago (-1h, -30m) counted from the connection (default ${LIVE_DEFAULTS.from})`,
    )
    .option(
      '--allow-origin <origin>',
      'live: another page origin allowed to connect, e.g. a Vite dev server (repeatable)',
      collectOrigin,
      [],
    );
  addConnectionOptions(command).action((flags: ServeFlags) => serveCommand(flags));
}

async function serveCommand(flags: ServeFlags): Promise<void> {
  const live = flags.brokers !== undefined || (process.env.TAPEDECK_BROKERS ?? '') !== '';
  if (!live && (flags.topics !== undefined || flags.from !== undefined)) {
    throw new Error('--topics and --from choose what to stream live: they need --brokers');
  }
  let connection: KafkaConnectionOptions | null = null;
  let topics: TopicSelector | null = null;
  const from = flags.from ?? LIVE_DEFAULTS.from;
  if (live) {
    parseTimePoint(from, '--from', Date.now());
    topics = flags.topics === undefined ? null : parseTopicSelector(flags.topics, '--topics');
    connection = {
      ...connectionFromCli(flags, process.env),
      log: (line: string) => process.stderr.write(`${line}\n`),
    };
    for (const warning of connectionWarnings(connection)) {
      process.stderr.write(`warning: ${warning}\n`);
    }
    const conn = connection;
    const found = await withRedactedErrors(conn, () => listTopicsOnce(conn, topics));
    process.stdout.write(
      `Live: ${found.length} topic(s) from ${from} (${describeConnection(conn)}): ` +
        `${found.join(', ') || '(none yet)'}\n`,
    );
  }

  if (flags.build && appBuildIsStale(ROOT, APP_DIR)) {
    process.stdout.write('Building the app (first run or sources changed)…\n');
    await buildApp(ROOT);
  }
  const running = await startStaticServer({ dir: APP_DIR, host: flags.host, port: flags.port });
  let endpoint: LiveEndpoint | null = null;
  let url = running.url;
  if (connection) {
    const token = newSessionToken();
    const port = Number(new URL(running.url).port);
    endpoint = attachLiveEndpoint(running.server, {
      connection,
      topics,
      from,
      token,
      origins: [...localOrigins(flags.host, port), ...flags.allowOrigin],
    });
    // The token travels in the fragment: never sent to a server, readable by this origin only.
    url = `${running.url}#token=${token}`;
  }
  process.stdout.write(`Tapedeck: ${url}\n`);
  const stop = () => {
    void (endpoint?.close() ?? Promise.resolve())
      .then(() => running.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function listTopicsOnce(
  connection: KafkaConnectionOptions,
  topics: TopicSelector | null,
): Promise<string[]> {
  const admin = new Kafka(kafkaClientConfig(connection)).admin();
  await connectTo(admin, connection);
  try {
    return await checkLiveTopics(admin, topics);
  } finally {
    await admin.disconnect();
  }
}
