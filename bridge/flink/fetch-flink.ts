import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DEFAULT_FLINK_CACHE_ROOT, FLINK_VERSIONS, RUNNER_SOURCE } from './defaults.ts';
import { FlinkError } from './flink-error.ts';
import { runTool } from '../process/run-tool.ts';

/** Where the embedded Flink's jars and runner are cached. */
export interface FetchFlinkOptions {
  /** Cache root; default `<repo>/.cache/flink`. */
  cacheRoot?: string;
  onProgress?: (message: string) => void;
  mvn?: string;
  /** Java executable; `javac` is looked for beside it (or on PATH). */
  java?: string;
}

/** The classpath of the embedded Flink and its runner, ready for `java -cp`. */
export interface FlinkRuntime {
  dir: string;
  classpath: string;
  /** true when Maven or javac ran now */
  fetched: boolean;
}

const MARKER = '.complete';
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

/**
 * A pom whose runtime dependencies run Flink SQL over Kafka on a MiniCluster: the Table API
 * with the planner loader and runtime, flink-clients (local execution), the Kafka connector
 * with flink-connector-base (not pulled in by it), the file system connector with the CSV and
 * JSON formats, and Log4j 2 behind SLF4J 1.7.
 */
export function flinkRuntimePom(): string {
  const { flink, kafkaConnector, csv, log4j } = FLINK_VERSIONS;
  const deps: [string, string, string][] = [
    ['org.apache.flink', 'flink-table-api-java', flink],
    ['org.apache.flink', 'flink-table-planner-loader', flink],
    ['org.apache.flink', 'flink-table-runtime', flink],
    ['org.apache.flink', 'flink-clients', flink],
    ['org.apache.flink', 'flink-connector-base', flink],
    ['org.apache.flink', 'flink-connector-files', flink],
    ['org.apache.flink', 'flink-json', flink],
    ['org.apache.flink', 'flink-csv', csv],
    ['org.apache.flink', 'flink-connector-kafka', kafkaConnector],
    ['org.apache.logging.log4j', 'log4j-core', log4j],
    ['org.apache.logging.log4j', 'log4j-slf4j-impl', log4j],
  ];
  return [
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    '  <modelVersion>4.0.0</modelVersion>',
    '  <groupId>local.tapedeck</groupId>',
    `  <artifactId>flink-runtime-${flink}</artifactId>`,
    '  <version>1</version>',
    '  <packaging>pom</packaging>',
    '  <dependencies>',
    ...deps.map(
      ([g, a, v]) =>
        `    <dependency><groupId>${g}</groupId><artifactId>${a}</artifactId><version>${v}</version></dependency>`,
    ),
    '  </dependencies>',
    '</project>',
    '',
  ].join('\n');
}

/**
 * Makes sure Flink's jars are in the cache (Maven, first use only) and the runner is compiled
 * against them (javac, again when its source changes). Each lands in a private folder renamed
 * into place, so concurrent first runs cannot leave half a cache behind.
 */
export async function fetchFlink(options: FetchFlinkOptions = {}): Promise<FlinkRuntime> {
  const dir = join(options.cacheRoot ?? DEFAULT_FLINK_CACHE_ROOT, FLINK_VERSIONS.flink);
  const libs = join(dir, 'libs');
  const source = await readFile(RUNNER_SOURCE);
  const classes = join(
    dir,
    `runner-${createHash('sha256').update(source).digest('hex').slice(0, 12)}`,
  );
  let fetched = false;
  if (!existsSync(join(libs, MARKER))) {
    fetched = true;
    const started = Date.now();
    options.onProgress?.(
      `fetching Apache Flink ${FLINK_VERSIONS.flink} jars with Maven into ${dir} (first run only)…`,
    );
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'pom.xml'), flinkRuntimePom());
    const partial = `libs.partial-${process.pid}-${Date.now()}`;
    await run(
      options.mvn ?? 'mvn',
      dir,
      [
        '-B',
        '-q',
        '-Dstyle.color=never',
        `${DEPENDENCY_PLUGIN}:copy-dependencies`,
        '-DincludeScope=runtime',
        `-DoutputDirectory=${partial}`,
      ],
      'Maven',
    );
    const jars = (await readdir(join(dir, partial))).filter((n) => n.endsWith('.jar'));
    await writeFile(join(dir, partial, MARKER), JSON.stringify({ jars }, null, 2) + '\n');
    await settle(join(dir, partial), libs);
    options.onProgress?.(
      `fetched ${jars.length} jars in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  if (!existsSync(join(classes, MARKER))) {
    fetched = true;
    const partial = `${classes}.partial-${process.pid}-${Date.now()}`;
    await mkdir(partial, { recursive: true });
    await run(
      javacBeside(options.java ?? 'java'),
      dir,
      ['-cp', join(libs, '*'), '-d', partial, RUNNER_SOURCE],
      'javac',
    );
    await writeFile(join(partial, MARKER), '');
    await settle(partial, classes);
  }
  return { dir, classpath: `${join(libs, '*')}:${classes}`, fetched };
}

async function settle(partial: string, final: string): Promise<void> {
  try {
    await rename(partial, final);
  } catch (error) {
    // Another process finished first; its copy is as good as ours.
    if (!existsSync(join(final, MARKER))) throw error;
  }
  await rm(partial, { recursive: true, force: true });
}

function javacBeside(java: string): string {
  return java.includes('/') ? join(dirname(java), 'javac') : 'javac';
}

function run(command: string, cwd: string, args: string[], what: string): Promise<void> {
  return runTool(command, args, cwd, (failure) =>
    failure.kind === 'not-started'
      ? new FlinkError(
          'TOOL_NOT_FOUND',
          failure.notFound
            ? `${what} not found: "${command}" is not installed or not on PATH (the embedded Flink needs Maven and a JDK 17: javac)`
            : `${what} could not be started (${command}): ${failure.error.message}`,
          { cause: failure.error },
        )
      : new FlinkError(
          'FETCH_FAILED',
          `${what} failed (exit ${failure.code}) in ${cwd}:\n${failure.tail.map((l) => `  | ${l}`).join('\n')}`,
        ),
  );
}
