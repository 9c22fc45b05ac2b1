import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBroker, stopBroker, type BrokerProcess, type LaunchPlan } from './broker-process.ts';
import { BROKER_DEFAULTS, KAFKA_VERSION } from './defaults.ts';
import { KafkaBrokerError } from './errors.ts';
import { fetchKafkaJars } from './fetch-jars.ts';
import { assertPortFree, freePort } from './free-port.ts';
import { checkJava } from './jvm.ts';

/** How to run the local broker. Environment variables are read by the CLI, not here. */
export interface StartKafkaOptions {
  /** Client port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Data folder (partition logs, config, server.log). Absent: a fresh temp dir, deleted by stop(). */
  dataDir?: string;
  /** Jar cache root; jars live in `<cacheDir>/<version>/libs`. Default `<repo>/.cache/kafka`. */
  cacheDir?: string;
  /** Apache Kafka release. Default KAFKA_VERSION. */
  version?: string;
  /** Each line the broker logs (the same lines go to `<dataDir>/server.log`). */
  onLog?: (line: string) => void;
  /** Progress of slow steps (the first-run Maven fetch). */
  onProgress?: (message: string) => void;
  /** Java executable. Default `java` on PATH. */
  java?: string;
  /** Maven executable. Default `mvn` on PATH. */
  mvn?: string;
  /** How long to wait for the broker to accept clients. Default 90 s. */
  readyTimeoutMs?: number;
}

/** A running local broker. */
export interface KafkaBroker {
  /** `127.0.0.1:<port>`, for kafkajs `brokers: [bootstrap]`. */
  bootstrap: string;
  port: number;
  version: string;
  dataDir: string;
  /** Broker log file (appended across restarts). */
  logFile: string;
  /** Graceful stop (SIGTERM, then SIGKILL after 30 s); deletes the data dir if it was a temp dir. */
  stop(): Promise<void>;
  /** Hard kill (SIGKILL), keeping the data dir: for fault tests. */
  kill(): Promise<void>;
  /** Stops the broker (if running) and starts it again on the same port and data dir. */
  restart(): Promise<void>;
}

/**
 * Starts a single-node Apache Kafka (KRaft, combined broker+controller) on 127.0.0.1 from jars
 * fetched with Maven, and resolves once a kafkajs admin client gets answers from it. When start
 * fails, a temp data dir is kept so that the log file named in the error can be read.
 */
export async function startKafka(options: StartKafkaOptions = {}): Promise<KafkaBroker> {
  const host = BROKER_DEFAULTS.host;
  const requested = options.port ?? 0;
  if (!Number.isInteger(requested) || requested < 0 || requested > 65535) {
    throw new KafkaBrokerError('INVALID_OPTION', `invalid port: ${requested} (want 0–65535)`);
  }
  const jars = await fetchKafkaJars({
    cacheRoot: options.cacheDir,
    version: options.version ?? KAFKA_VERSION,
    onProgress: options.onProgress,
    mvn: options.mvn,
  });
  const java = options.java ?? 'java';
  await checkJava(java);
  // Checked before a temp dir exists, so the commonest mistake leaves nothing behind.
  if (requested !== 0) await assertPortFree(host, requested);
  const port = requested !== 0 ? requested : await freePort(host);
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = resolve(options.dataDir ?? (await mkdtemp(join(tmpdir(), 'tapedeck-kafka-'))));
  const plan: LaunchPlan = {
    host,
    port,
    dataDir,
    logFile: join(dataDir, 'server.log'),
    classpath: jars.classpath,
    java,
    readyTimeoutMs: options.readyTimeoutMs ?? BROKER_DEFAULTS.readyTimeoutMs,
    onLog: options.onLog,
  };

  let running: BrokerProcess | null = await launchBroker(plan);
  const halt = async (signal: 'SIGTERM' | 'SIGKILL'): Promise<void> => {
    if (running === null) return;
    const current = running;
    running = null;
    await stopBroker(current, signal);
  };

  return {
    bootstrap: `${host}:${port}`,
    port,
    version: jars.version,
    dataDir,
    logFile: plan.logFile,
    async stop() {
      await halt('SIGTERM');
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
    kill: () => halt('SIGKILL'),
    async restart() {
      await halt('SIGTERM');
      running = await launchBroker(plan);
    },
  };
}
