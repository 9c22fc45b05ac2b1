import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KITCHEN_DEFAULTS, generateKitchen } from '../../scenarios/index.ts';
import type { KafkaRecord } from '../../formats/index.ts';
import { produceRecords, writeRecordingFile } from '../../bridge/index.ts';
import { randomUUID } from 'node:crypto';
import { startTestKafka, type TestKafka } from '../../bridge/testing/index.ts';
import { KITCHEN_WORKBOOK } from '../../engine/index.ts';
import { runTapedeck, type CliRun } from '../testing/index.ts';

/**
 * The exported Flink SQL run on the embedded Flink over a real broker gives the same samples as
 * Tapedeck's own `export series` over the same records: a 2-hour kitchen recording (topics of
 * several partitions), a grace period of 2 minutes, a one-partition topic with records late
 * within and beyond the grace period, and a topic whose partitions are sparse or empty. Both
 * sides leave out the window still open at the last record.
 */

const S = Date.parse('2026-01-05T10:00:00Z');
const MIN = 60_000;

let k: TestKafka;
beforeAll(async () => {
  k = await startTestKafka();
}, 180_000);
afterAll(async () => {
  await k?.stop();
}, 60_000);

const tapedeck = (...args: string[]): Promise<CliRun> => runTapedeck(args);

function record(
  topic: string,
  partition: number,
  offset: number,
  ts: number,
  value: object,
): KafkaRecord {
  return {
    topic,
    partition,
    offset: BigInt(offset),
    timestamp: ts,
    key: null,
    headers: [],
    value: JSON.stringify(value),
  };
}

/** `sales` (one partition): amounts at minutes 0:05…5:30 after S, with two late records. */
const SALES: [number, number][] = [
  [5_000, 10],
  [30_000, 20],
  [70_000, 5], // stream time passes 1:00: minute 0 is closed
  [50_000, 100], // late for minute 0, within the 2 m grace period: not late, in no sample
  [4 * MIN, 7],
  [40_000, 1000], // late beyond the grace period
  [5 * MIN + 30_000, 1],
];

function extraRecords(): KafkaRecord[] {
  const sales = SALES.map(([at, amount], i) =>
    record('sales', 0, i, S + at, { amount, shop: i % 2 ? 'a' : 'b' }),
  );
  // `sparse`: partition 0 every minute for an hour, partition 1 two records early on, 2 none.
  const sparse = [
    ...Array.from({ length: 60 }, (_, i) =>
      record('sparse', 0, i, S + i * MIN + 1_000, { n: i, part: 'p0' }),
    ),
    record('sparse', 1, 0, S + 30_000, { n: -1, part: 'p1' }),
    record('sparse', 1, 1, S + 45_000, { n: -2, part: 'p1' }),
  ];
  return [
    ...sales,
    ...sparse,
    ...DOOR.map(([at, name, status], i) => record('door', 0, i, S + at, { name, status })),
  ];
}

/**
 * `door` (one partition): state events for a state_duration metric. `a` closes at 0:30, closes
 * again exactly on the 1:00 instant (which does not restart its clock), opens exactly on 3:00
 * and closes at 4:00.5; `b` is open from 0:10 and closes exactly on 2:00.
 */
const DOOR: [number, string, string][] = [
  [10_000, 'b', 'ON'],
  [30_000, 'a', 'OFF'],
  [MIN, 'a', 'OFF'],
  [2 * MIN, 'b', 'OFF'],
  [3 * MIN, 'a', 'ON'],
  [4 * MIN + 500, 'a', 'OFF'],
];

const EXTRA_METRICS = [
  { id: 'sales-sum', kind: 'sum', topic: 'sales', field: 'amount', window: '1m' },
  {
    id: 'sales-p50',
    kind: 'quantile',
    q: 0.5,
    topic: 'sales',
    field: 'amount',
    by: 'shop',
    window: '1m',
  },
  { id: 'sales-shops', kind: 'count_distinct', topic: 'sales', field: 'shop', window: '2m' },
  { id: 'sparse-count', kind: 'count', topic: 'sparse', by: 'part', window: '1m' },
  {
    id: 'door-closed',
    kind: 'state_duration',
    topic: 'door',
    key: 'name',
    state: 'status',
    value: 'OFF',
    every: '1m',
  },
];

/** The kitchen workbook with a 2-minute grace period and the extra metrics. */
function workbookText(): string {
  const doc = parseDocument(KITCHEN_WORKBOOK.text);
  doc.setIn(['options', 'grace'], '2m');
  for (const m of EXTRA_METRICS) doc.addIn(['metrics'], m);
  return doc.toString();
}

type Samples = Map<string, number>;

interface BacktestJson {
  span: { start: { ms: number }; end: { ms: number } };
  incidents: unknown[];
  rules: { id: string; error: string | null; intervals: unknown[] }[];
}

function readSeriesCsv(path: string): Samples {
  const samples: Samples = new Map();
  const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1);
  for (const line of lines) {
    // metric and series hold no commas here; the value is the last field
    const [metric, series, , timeMs, value] = line.split(',');
    samples.set(`${metric}|${series}|${timeMs}`, value === '' ? NaN : Number(value));
  }
  return samples;
}

describe('tapedeck flink run', () => {
  it('computes every translated metric equal to tapedeck export series, sample for sample', async () => {
    const generated = generateKitchen({
      ...KITCHEN_DEFAULTS,
      seed: 3,
      start: S,
      durationMs: 2 * 3_600_000,
    });
    const kitchen = generated.records;
    const records = [...kitchen, ...extraRecords()];
    const recording = join(k.dir, 'equality.ndjson');
    await writeRecordingFile(recording, records);
    writeFileSync(join(k.dir, 'equality.labels.json'), JSON.stringify(generated.labels));
    writeFileSync(join(k.dir, 'flink.labels.json'), JSON.stringify(generated.labels));
    const workbook = join(k.dir, 'equality.yaml');
    writeFileSync(workbook, workbookText());

    // Into Kafka under a prefix, each record in its own partition, timestamps kept; the
    // recording is months old, so retention is off.
    const prefix = `eq-${randomUUID().slice(0, 8)}.`;
    const partitions = new Map<string, number>();
    for (const r of records)
      partitions.set(r.topic, Math.max(partitions.get(r.topic) ?? 0, r.partition + 1));
    partitions.set('sparse', 3);
    const admin = k.kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [...partitions].map(([topic, n]) => ({
        topic: prefix + topic,
        numPartitions: n,
        configEntries: [{ name: 'retention.ms', value: '-1' }],
      })),
      waitForLeaders: true,
    });
    await admin.disconnect();
    await produceRecords(records, {
      connection: k.connection,
      topicFor: (t) => prefix + t,
      pacing: { speed: 'max' },
    });

    const tape = join(k.dir, 'tapedeck.csv');
    const own = await tapedeck(
      'export',
      'series',
      '--recording',
      recording,
      '--workbook',
      workbook,
      '--format',
      'csv',
      '--out',
      tape,
      '--allow-incomplete',
    );
    expect(own.stderr).not.toContain('tapedeck:');
    expect(own.code).toBe(0);

    const flinkOut = join(k.dir, 'flink.csv');
    const run = await tapedeck(
      'flink',
      'run',
      '--brokers',
      k.broker.bootstrap,
      '--topic-prefix',
      prefix,
      '--workbook',
      workbook,
      '--out',
      flinkOut,
      // The idle timeout is processing time: on a loaded machine a partition's reader can stall
      // for 5 s, the other partitions' watermark runs ahead and its records are dropped as late.
      '--idle-timeout',
      '60s',
    );
    expect(run.stderr).not.toContain('tapedeck:');
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('not translated: restaurant-closed-seconds');
    expect(run.stderr).toMatch(/flink: running \d+ s, [\d,]+ samples written/);
    expect(run.stderr).toMatch(/flink: finished in [\d.]+ s/);

    const translated = [
      'orders-per-aggregator',
      'rejected-per-minute',
      'rejected-5m',
      'rejection-ratio',
      'restaurant-closed-seconds',
      'cluster-bad-minutes',
      'probe-latency',
      'time-per-order',
      'payment-success-rate',
      ...EXTRA_METRICS.map((m) => m.id),
      'cluster-availability',
      'e2e-probe',
    ];
    expect(run.stdout).toContain(`${translated.length} metrics`);
    const flink = readSeriesCsv(flinkOut);
    const own_ = readSeriesCsv(tape);
    const emptyIsZero = new Set([
      'orders-per-aggregator',
      'rejected-per-minute',
      'rejected-5m',
      'sales-sum',
      'sales-shops',
      'sparse-count',
    ]);

    // Every Flink sample is Tapedeck's…
    const mismatches: string[] = [];
    for (const [key, v] of flink) {
      const mine = own_.get(key);
      if (mine === undefined || !same(v, mine))
        mismatches.push(`${key}: flink ${v}, tapedeck ${mine}`);
    }
    // …and every Tapedeck sample of a translated metric is Flink's, or the value of an empty
    // window (Flink writes no row for a window without records).
    for (const [key, mine] of own_) {
      const metric = key.split('|')[0]!;
      if (!translated.includes(metric) || flink.has(key)) continue;
      const empty = emptyIsZero.has(metric) ? 0 : NaN;
      if (!same(mine, empty)) mismatches.push(`${key}: flink none, tapedeck ${mine}`);
    }
    expect(mismatches).toEqual([]);
    for (const id of translated) {
      expect(
        [...flink.keys()].filter((key) => key.startsWith(`${id}|`)).length,
        id,
      ).toBeGreaterThan(0);
    }
    expect(flink.size).toBeGreaterThan(900);

    // Hand-computed: the late records (within and beyond grace) are in no sample.
    const at = (metric: string, series: string, minute: number) =>
      flink.get(`${metric}|${series}|${S + minute * MIN}`);
    expect(at('sales-sum', 'all', 1)).toBe(30);
    expect(at('sales-sum', 'all', 2)).toBe(5);
    expect(at('sales-sum', 'all', 5)).toBe(7);
    expect(at('sales-sum', 'all', 6)).toBe(1);
    expect(at('sales-p50', 'b', 1)).toBe(10);
    expect(at('sales-p50', 'a', 1)).toBe(20);
    expect(at('sparse-count', 'p1', 1)).toBe(2);
    expect(at('sparse-count', 'p0', 60)).toBe(1);
    // state_duration: nothing before a key's first event or while open; an event exactly on an
    // instant counts at it; a repeated OFF does not restart the clock
    expect(at('door-closed', 'a', 0)).toBeUndefined();
    expect(at('door-closed', 'a', 1)).toBe(30);
    expect(at('door-closed', 'a', 2)).toBe(90);
    expect(at('door-closed', 'a', 3)).toBeUndefined();
    expect(at('door-closed', 'a', 4)).toBeUndefined();
    expect(at('door-closed', 'a', 5)).toBe(59.5);
    expect(at('door-closed', 'a', 100)).toBe(100 * 60 - 240.5);
    expect(at('door-closed', 'b', 1)).toBeUndefined();
    expect(at('door-closed', 'b', 2)).toBe(0);
    expect(at('door-closed', 'b', 3)).toBe(60);
    expect(own_.get(`door-closed|a|${S + 5 * MIN}`)).toBe(59.5);
    expect(
      [...flink.keys()].filter((key) => key.startsWith('restaurant-closed-seconds|')).length,
    ).toBeGreaterThan(10);
    // the window still open at the last record is on neither side
    const last = Math.max(...records.map((r) => r.timestamp ?? 0));
    expect([...flink.keys()].every((key) => Number(key.split('|')[2]) <= last)).toBe(true);
    expect([...own_.keys()].every((key) => Number(key.split('|')[2]) <= last)).toBe(true);

    // Series in: the rules on translated metrics fire and score on Flink's series exactly as on
    // the recording (given the recording's span); the others say their metric is missing.
    const fromRecording = await tapedeck(
      'backtest',
      '--recording',
      recording,
      '--workbook',
      workbook,
      '--json',
    );
    expect(fromRecording.code, fromRecording.stderr).toBe(0);
    const r = JSON.parse(fromRecording.stdout) as BacktestJson;
    const fromSeries = await tapedeck(
      'backtest',
      '--series',
      flinkOut,
      '--workbook',
      workbook,
      '--start',
      String(r.span.start.ms),
      '--at',
      String(r.span.end.ms),
      '--json',
      '--allow-incomplete',
    );
    expect(fromSeries.code, fromSeries.stderr).toBe(0);
    const f = JSON.parse(fromSeries.stdout) as BacktestJson;
    expect(f.incidents).toEqual(r.incidents);
    const onSeries = f.rules.filter((rule) => rule.error === null).map((rule) => rule.id);
    expect(onSeries).toEqual([
      'orders-stalled',
      'rejections-high',
      'rejection-ratio-high',
      'restaurant-closed-long',
      'cluster-bad-minute',
      'probe-slow',
      'delivery-slow',
      'payments-failing',
      'orders-drop',
      'cluster-burn',
      'probe-burn',
    ]);
    for (const id of onSeries) {
      expect(
        f.rules.find((rule) => rule.id === id),
        id,
      ).toEqual(r.rules.find((rule) => rule.id === id));
    }
    expect(f.rules.find((rule) => rule.id === 'revenue-at-risk-high')?.error).toContain(
      'revenue-at-risk',
    );
    expect(
      onSeries.reduce((n, id) => n + f.rules.find((rule) => rule.id === id)!.intervals.length, 0),
    ).toBeGreaterThan(2);
  }, 300_000);
});

function same(a: number, b: number): boolean {
  return (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
}
