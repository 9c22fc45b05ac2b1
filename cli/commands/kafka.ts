import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { KAFKA_VERSION, fetchKafkaJars, startKafka, type KafkaBroker } from '../../bridge/index.ts';

interface KafkaCommandOptions {
  port: number;
  data?: string;
  kafkaVersion: string;
  fetchOnly?: boolean;
}

/** `tapedeck kafka`: runs a real local Apache Kafka broker until Ctrl-C. */
export function registerKafkaCommand(program: Command): void {
  program
    .command('kafka')
    .description('Run a real single-node Apache Kafka (KRaft) on 127.0.0.1 until Ctrl-C')
    .option('--port <port>', 'client port on 127.0.0.1', parsePort, 9092)
    .option('--data <dir>', 'data folder kept between runs (default: a temp dir deleted on exit)')
    .option('--kafka-version <version>', 'Apache Kafka release to run', KAFKA_VERSION)
    .option('--fetch-only', 'fetch the Kafka jars into the cache (for CI) and exit')
    .addHelpText(
      'after',
      '\nEnvironment: TAPEDECK_KAFKA_CACHE (jar cache root, default <repo>/.cache/kafka), JAVA_HOME.',
    )
    .action((options: KafkaCommandOptions) => runKafkaCommand(options).catch(fail));
}

/** Known failures print their message (which names the cause), not a stack trace. */
function fail(error: unknown): void {
  console.error(`tapedeck kafka: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidArgumentError(`invalid port: ${text} (want 1–65535)`);
  }
  return port;
}

async function runKafkaCommand(options: KafkaCommandOptions): Promise<void> {
  const cacheDir = process.env['TAPEDECK_KAFKA_CACHE'] || undefined;
  const javaHome = process.env['JAVA_HOME'];
  const java = javaHome ? join(javaHome, 'bin', 'java') : undefined;
  const progress = (message: string): void => console.log(message);

  if (options.fetchOnly) {
    const jars = await fetchKafkaJars({
      cacheRoot: cacheDir,
      version: options.kafkaVersion,
      onProgress: progress,
    });
    console.log(
      `Apache Kafka ${jars.version} jars ${jars.fetched ? 'fetched' : 'cached'} in ${jars.libsDir}`,
    );
    return;
  }

  let broker: KafkaBroker | null = null;
  let stopping = false;
  const onSignal = (): void => {
    // A signal during startup: exiting fires the 'exit' hook that kills a half-started JVM.
    if (broker === null) process.exit(130);
    if (stopping) return;
    stopping = true;
    console.log('\nstopping Kafka…');
    broker.stop().then(
      () => {
        console.log('Kafka stopped');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const started = Date.now();
  broker = await startKafka({
    port: options.port,
    dataDir: options.data,
    cacheDir,
    version: options.kafkaVersion,
    java,
    onProgress: progress,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    [
      `Apache Kafka ${broker.version} (KRaft, single node) ready in ${seconds} s`,
      `  bootstrap: ${broker.bootstrap}`,
      `  log:       ${broker.logFile}`,
      `  data:      ${broker.dataDir}${options.data ? '' : ' (temporary, deleted on exit)'}`,
      'Ctrl-C to stop.',
    ].join('\n'),
  );
}
