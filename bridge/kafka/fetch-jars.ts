import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_CACHE_ROOT, KAFKA_VERSION, LOG4J_VERSION } from './defaults.ts';
import { KafkaBrokerError, indentTail } from './errors.ts';
import { runTool } from '../process/run-tool.ts';

/** Where and which Kafka jars to fetch. */
export interface FetchJarsOptions {
  /** Cache root; jars land in `<cacheRoot>/<version>/libs`. Default `<repo>/.cache/kafka`. */
  cacheRoot?: string;
  /** Apache Kafka release, e.g. `4.3.1`. */
  version?: string;
  /** Human progress messages (only printed when Maven actually runs). */
  onProgress?: (message: string) => void;
  /** Maven executable. Default `mvn` on PATH. */
  mvn?: string;
}

/** Jars of one Kafka release, ready for `java -cp`. */
export interface KafkaJars {
  version: string;
  /** `<cacheRoot>/<version>`: holds the generated pom.xml and libs/. */
  dir: string;
  libsDir: string;
  /** Classpath wildcard for `java -cp`. */
  classpath: string;
  /** True when Maven ran now; false when the cache already held the jars. */
  fetched: boolean;
  elapsedMs: number;
}

const MARKER = '.complete';
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

/**
 * A pom whose runtime dependencies are what `kafka.Kafka` and `kafka.tools.StorageTool` need:
 * kafka_2.13 pulls the server, raft, metadata and storage modules; Log4j 2 with its SLF4J 1.x
 * binding is the logging backend the Kafka distribution ships.
 */
export function kafkaRuntimePom(version: string): string {
  const dep = (group: string, artifact: string, v: string): string =>
    `    <dependency><groupId>${group}</groupId><artifactId>${artifact}</artifactId><version>${v}</version></dependency>`;
  return [
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    '  <modelVersion>4.0.0</modelVersion>',
    '  <groupId>local.tapedeck</groupId>',
    `  <artifactId>kafka-runtime-${version}</artifactId>`,
    '  <version>1</version>',
    '  <packaging>pom</packaging>',
    '  <dependencies>',
    dep('org.apache.kafka', 'kafka_2.13', version),
    dep('org.apache.logging.log4j', 'log4j-core', LOG4J_VERSION),
    dep('org.apache.logging.log4j', 'log4j-slf4j-impl', LOG4J_VERSION),
    '  </dependencies>',
    '</project>',
    '',
  ].join('\n');
}

/**
 * Makes sure the jars of one Kafka release are in the cache, running Maven on first use. Maven
 * writes into a private folder that is renamed into place, so concurrent first runs cannot leave
 * a half-filled libs/ behind.
 */
export async function fetchKafkaJars(options: FetchJarsOptions = {}): Promise<KafkaJars> {
  const version = options.version ?? KAFKA_VERSION;
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    throw new KafkaBrokerError('INVALID_OPTION', `invalid Kafka version: ${version} (want x.y.z)`);
  }
  const dir = join(options.cacheRoot ?? DEFAULT_CACHE_ROOT, version);
  const libsDir = join(dir, 'libs');
  const started = Date.now();
  const result = (fetched: boolean): KafkaJars => ({
    version,
    dir,
    libsDir,
    classpath: join(libsDir, '*'),
    fetched,
    elapsedMs: Date.now() - started,
  });
  if (existsSync(join(libsDir, MARKER))) return result(false);

  options.onProgress?.(
    `fetching Apache Kafka ${version} jars with Maven into ${dir} (first run only)…`,
  );
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'pom.xml'), kafkaRuntimePom(version));
  const partial = `libs.partial-${process.pid}-${Date.now()}`;
  await runMaven(options.mvn ?? 'mvn', dir, [
    '-B',
    '-q',
    '-Dstyle.color=never',
    `${DEPENDENCY_PLUGIN}:copy-dependencies`,
    '-DincludeScope=runtime',
    `-DoutputDirectory=${partial}`,
  ]);
  const jars = (await readdir(join(dir, partial))).filter((name) => name.endsWith('.jar'));
  await writeFile(join(dir, partial, MARKER), JSON.stringify({ version, jars }, null, 2) + '\n');
  try {
    await rename(join(dir, partial), libsDir);
  } catch (error) {
    // Another process finished first; its libs/ is as good as ours.
    if (!existsSync(join(libsDir, MARKER))) throw error;
  }
  await rm(join(dir, partial), { recursive: true, force: true });
  options.onProgress?.(
    `fetched ${jars.length} jars in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return result(true);
}

function runMaven(mvn: string, cwd: string, args: string[]): Promise<void> {
  return runTool(mvn, args, cwd, (failure) =>
    failure.kind === 'not-started'
      ? new KafkaBrokerError(
          'MAVEN_NOT_FOUND',
          failure.notFound
            ? `Maven not found: "${mvn}" is not installed or not on PATH (Maven 3.8+ fetches the Kafka jars)`
            : `Maven could not be started (${mvn}): ${failure.error.message}`,
          { cause: failure.error },
        )
      : new KafkaBrokerError(
          'MAVEN_FAILED',
          `Maven failed (exit ${failure.code}) fetching Kafka jars in ${cwd}:\n${indentTail(failure.tail)}`,
        ),
  );
}
