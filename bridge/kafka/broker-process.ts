import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, statSync } from 'node:fs';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { claimDataDir, recordBrokerPid, releaseDataDir } from './data-dir-claim.ts';
import { BROKER_DEFAULTS } from './defaults.ts';
import { KafkaBrokerError, indentTail } from './errors.ts';
import { assertPortFree, freePort } from './free-port.ts';
import { runJava } from './jvm.ts';
import { followFile, readTail } from './log-file.ts';
import { waitForBroker } from './readiness.ts';
import { log4jProperties, newClusterId, serverProperties } from './server-config.ts';

/** Everything one broker JVM run needs; the same plan serves every restart. */
export interface LaunchPlan {
  host: string;
  port: number;
  dataDir: string;
  logFile: string;
  classpath: string;
  java: string;
  readyTimeoutMs: number;
  onLog?: (line: string) => void;
}

/** One running broker JVM. */
export interface BrokerProcess {
  child: ChildProcess;
  exited: Promise<void>;
  hasExited: () => boolean;
  /** Ends the JVM run's side effects: exit hook, log following, data dir claim. */
  cleanup: () => Promise<void>;
}

/** Broker log lines worth showing in an error: not the multi-line config dumps. */
async function logTail(logFile: string): Promise<string> {
  const lines = await readTail(logFile, 400);
  const shown = lines.filter((line) => !/^\s/.test(line)).slice(-BROKER_DEFAULTS.logTailLines);
  return indentTail(shown);
}

/**
 * Writes the config, formats storage on first use, starts `kafka.Kafka` and waits until a kafkajs
 * admin client gets answers. On failure the JVM is killed and the error carries the log tail.
 */
export async function launchBroker(plan: LaunchPlan): Promise<BrokerProcess> {
  const { host, port, dataDir } = plan;
  await assertPortFree(host, port);
  await mkdir(dataDir, { recursive: true });
  await claimDataDir(dataDir);
  try {
    return await startJvm(plan, await writeConfig(plan));
  } catch (error) {
    await releaseDataDir(dataDir);
    throw error;
  }
}

async function writeConfig(plan: LaunchPlan): Promise<string[]> {
  const { host, port, dataDir, logFile, classpath, java } = plan;
  // Not the client port: the broker may not be listening on it yet, so the OS may offer it.
  const controllerPort = await freePort(host, [port]);
  const propertiesFile = join(dataDir, 'server.properties');
  const log4jFile = join(dataDir, 'log4j2.properties');
  const logDirs = join(dataDir, 'logs');
  await writeFile(propertiesFile, serverProperties({ host, port, controllerPort, logDirs }));
  await writeFile(log4jFile, log4jProperties());
  const jvmArgs = [`-Dlog4j2.configurationFile=${log4jFile}`, '-cp', classpath];

  if (!existsSync(join(logDirs, 'meta.properties'))) {
    const format = await runJava(java, [
      ...jvmArgs,
      'kafka.tools.StorageTool',
      'format',
      '--cluster-id',
      newClusterId(),
      '--config',
      propertiesFile,
    ]);
    await appendFile(logFile, format.output);
    if (format.code !== 0) {
      const tail = indentTail(
        format.output.trim().split('\n').slice(-BROKER_DEFAULTS.logTailLines),
      );
      throw new KafkaBrokerError(
        'FORMAT_FAILED',
        `formatting Kafka storage in ${logDirs} failed (exit ${format.code}):\n${tail}`,
      );
    }
  }
  return [
    `-Xmx${BROKER_DEFAULTS.heap}`,
    '-Djava.awt.headless=true',
    ...jvmArgs,
    'kafka.Kafka',
    propertiesFile,
  ];
}

async function startJvm(plan: LaunchPlan, args: string[]): Promise<BrokerProcess> {
  const { java, logFile } = plan;
  const logStart = existsSync(logFile) ? statSync(logFile).size : 0;
  const logFd = openSync(logFile, 'a');
  // Own process group: Ctrl-C reaches only Node, which then stops the broker in order.
  const child = spawn(java, args, { stdio: ['ignore', logFd, logFd], detached: true });
  closeSync(logFd);
  let exitedFlag = false;
  const exited = new Promise<void>((done) => {
    const mark = (): void => {
      exitedFlag = true;
      done();
    };
    child.once('exit', mark);
    child.once('error', mark);
  });
  // A broker must not outlive the Node process that started it (tests, Ctrl-C during start).
  const onExit = (): void => {
    if (!exitedFlag) child.kill('SIGKILL');
  };
  process.on('exit', onExit);
  if (child.pid !== undefined) await recordBrokerPid(plan.dataDir, child.pid);
  const stopFollowing = plan.onLog ? followFile(logFile, logStart, plan.onLog) : async () => {};
  const broker: BrokerProcess = {
    child,
    exited,
    hasExited: () => exitedFlag,
    cleanup: async () => {
      process.off('exit', onExit);
      await stopFollowing();
      await releaseDataDir(plan.dataDir);
    },
  };

  const reason = await waitForBroker(plan.host, plan.port, {
    deadline: Date.now() + plan.readyTimeoutMs,
    pollMs: BROKER_DEFAULTS.readyPollMs,
    gaveUp: broker.hasExited,
  });
  if (reason === null) return broker;

  const died = broker.hasExited();
  await stopBroker(broker, 'SIGKILL');
  const tail = await logTail(logFile);
  if (died) {
    const status = child.exitCode ?? child.signalCode;
    throw new KafkaBrokerError(
      'BROKER_EXITED',
      `Kafka exited during startup (exit ${status}); log ${logFile}:\n${tail}`,
    );
  }
  const seconds = Math.round(plan.readyTimeoutMs / 1000);
  throw new KafkaBrokerError(
    'NOT_READY',
    `Kafka on ${plan.host}:${plan.port} did not become ready within ${seconds} s (last probe: ${reason}); log ${logFile}:\n${tail}`,
  );
}

/** Sends `signal`, waits for the JVM to exit (SIGKILL after the stop timeout), then cleans up. */
export async function stopBroker(
  broker: BrokerProcess,
  signal: 'SIGTERM' | 'SIGKILL',
): Promise<void> {
  if (!broker.hasExited()) {
    broker.child.kill(signal);
    const timedOut = await Promise.race([
      broker.exited.then(() => false),
      new Promise<boolean>((done) =>
        setTimeout(() => done(true), BROKER_DEFAULTS.stopTimeoutMs).unref(),
      ),
    ]);
    if (timedOut) {
      broker.child.kill('SIGKILL');
      await broker.exited;
    }
  }
  await broker.cleanup();
}
