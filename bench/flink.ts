import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { produceRecords, startKafka, writeRecordingFile } from '../bridge/index.ts';
import type { KafkaRecord } from '../formats/index.ts';
import type { Row } from './report.ts';
import { runTapedeck } from '../cli/testing/index.ts';

/** The kitchen workbook's metrics that `tapedeck export flink` translates. */
const TRANSLATED = [
  'orders-per-aggregator',
  'rejected-per-minute',
  'rejected-5m',
  'rejection-ratio',
  'cluster-bad-minutes',
  'probe-latency',
  'time-per-order',
  'payment-success-rate',
];

/**
 * The same records in Kafka and in a recording, the kitchen workbook's translatable metrics
 * computed twice, each as a user runs it: `tapedeck flink run` on the embedded Flink (JVM start,
 * planning, reading Kafka) and `tapedeck export series` (reading the file, ingest, compute);
 * their samples are compared.
 */
export async function benchFlink(records: readonly KafkaRecord[]): Promise<Row[]> {
  const broker = await startKafka({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'tapedeck-bench-flink-'));
  try {
    const connection = { brokers: [broker.bootstrap] };
    const kafka = new Kafka({
      clientId: 'tapedeck-bench',
      brokers: connection.brokers,
      logLevel: logLevel.NOTHING,
    });
    const partitions = new Map<string, number>();
    for (const r of records)
      partitions.set(r.topic, Math.max(partitions.get(r.topic) ?? 0, r.partition + 1));
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [...partitions].map(([topic, n]) => ({
        topic,
        numPartitions: n,
        configEntries: [{ name: 'retention.ms', value: '-1' }],
      })),
      waitForLeaders: true,
    });
    await admin.disconnect();
    await produceRecords(records, { connection, topicFor: (t) => t, pacing: { speed: 'max' } });
    const recording = join(dir, 'kitchen.ndjson');
    await writeRecordingFile(recording, records);
    const metrics = TRANSLATED.join(',');

    const fetched = await runTapedeck(['flink', 'fetch']);
    if (fetched.code !== 0) throw new Error(`tapedeck flink fetch failed: ${fetched.stderr}`);
    let t0 = performance.now();
    const flink = await runTapedeck([
      'flink',
      'run',
      '--brokers',
      broker.bootstrap,
      '--metrics',
      metrics,
      '--out',
      join(dir, 'flink.csv'),
    ]);
    const flinkMs = performance.now() - t0;
    if (flink.code !== 0) throw new Error(`tapedeck flink run failed: ${flink.stderr}`);
    t0 = performance.now();
    const own = await runTapedeck([
      'export',
      'series',
      '--recording',
      recording,
      '--metrics',
      metrics,
      '--format',
      'csv',
      '--out',
      join(dir, 'own.csv'),
    ]);
    const ownMs = performance.now() - t0;
    if (own.code !== 0) throw new Error(`tapedeck export series failed: ${own.stderr}`);
    const { compared, differing } = compare(join(dir, 'flink.csv'), join(dir, 'own.csv'));
    const n = records.length;
    const note = `${TRANSLATED.length} metrics, ${compared} samples, ${differing === 0 ? 'checked equal' : `${differing} differ`}`;
    return [
      {
        what: `tapedeck flink run, embedded Flink (${n} records in Kafka)`,
        figure: `${(flinkMs / 1000).toFixed(1)} s`,
        note,
      },
      {
        what: 'tapedeck export series, same metrics, same records (file)',
        figure: `${(ownMs / 1000).toFixed(1)} s`,
        note: 'ingest + compute',
      },
      {
        what: 'embedded Flink / Tapedeck replay',
        figure: `${(flinkMs / ownMs).toFixed(2)}×`,
        note: 'each as a user runs it, start-up included',
      },
    ];
  } finally {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Flink's samples against Tapedeck's (an empty window: no Flink row, Tapedeck's 0 or NaN). */
function compare(flinkFile: string, ownFile: string): { compared: number; differing: number } {
  const read = (file: string) =>
    new Map(
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => {
          const f = line.split(',');
          return [`${f[0]}|${f[1]}|${f[3]}`, f[4] === '' ? NaN : Number(f[4])] as const;
        }),
    );
  const flink = read(flinkFile);
  const own = read(ownFile);
  const same = (a: number, b: number) =>
    (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  let differing = 0;
  for (const [key, v] of flink) if (!same(v, own.get(key) ?? NaN)) differing++;
  for (const [key, v] of own) if (!flink.has(key) && v !== 0 && !Number.isNaN(v)) differing++;
  return { compared: own.size, differing };
}
