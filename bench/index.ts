/**
 * `npm run bench`: Tapedeck's speed, each figure next to a reference run in the same process
 * (native DuckDB, one thread, on the same data), then the same recording opened in the built app
 * in Chromium (bench/browser.ts). Prints figures (and with `--json`, writes them); asserts nothing.
 */
import { Command } from 'commander';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeRecordingFile } from '../bridge/index.ts';
import { createNodeEngine } from '../engine/node.ts';
import type { MetricSpec } from '../engine/node.ts';
import { compileMetric, KITCHEN_WORKBOOK, parseWorkbook } from '../engine/node.ts';
import { generateKitchen, KITCHEN_DEFAULTS } from '../scenarios/index.ts';
import { parseDuration } from '../formats/index.ts';
import { nativeReadJson, nativeTopicTables, openNative } from './native-duckdb.ts';
import { benchAlertLab } from './alert-lab.ts';
import { benchNab, benchRuleSearch } from './rule-search.ts';
import { benchFlink } from './flink.ts';
import { benchLive } from './live.ts';
import { benchTraces } from './traces.ts';
import { benchExplain } from './explain.ts';
import { benchFrames } from './frames.ts';
import { benchBrowser } from './browser.ts';
import { benchJson, best, printTable, type Row } from './report.ts';

const opts = new Command('bench')
  .option('--orders-per-hour <n>', 'scenario order rate (5200 ≈ 1M records a day)', Number, 5200)
  .option('--duration <d>', 'scenario length', '24h')
  .option('--runs <n>', 'repetitions per figure (best is kept)', Number, 3)
  .option(
    '--live-records <n>',
    'records for the live Kafka figures (0 skips them)',
    Number,
    1_000_000,
  )
  .option(
    '--flink',
    'also time tapedeck flink run (embedded Flink, a real broker) against export series',
  )
  .option('--no-node', 'skip the Node figures (engine, native DuckDB, live, lab): browser only')
  .option('--no-browser', 'skip the browser part (the app in Chromium)')
  .option(
    '--frames-only',
    'of the Node figures only the replay frames (seek and step, bytes per frame; with --no-browser: nothing else)',
  )
  .option(
    '--live-only',
    'of the Node figures only the live ones (Kafka → bridge → engine, lag; with --no-browser: nothing else)',
  )
  .option(
    '--browser-10m',
    'the browser part also opens a recording 10× the size (10× --orders-per-hour: ~9.3M records, ~5 GB)',
  )
  .option(
    '--port <n>',
    'port of the tapedeck serve the browser part starts (0: a free one)',
    Number,
    0,
  )
  .option(
    '--json <file>',
    'also write every figure as JSON to <file> (- for stdout, after the table)',
  )
  .parse()
  .opts<{
    ordersPerHour: number;
    duration: string;
    runs: number;
    liveRecords: number;
    flink?: boolean;
    node: boolean;
    browser: boolean;
    framesOnly?: boolean;
    liveOnly?: boolean;
    browser10m?: boolean;
    port: number;
    json?: string;
  }>();

if (opts.liveOnly && (opts.framesOnly || opts.liveRecords <= 0)) {
  console.error(
    `bench: --live-only ${opts.framesOnly ? 'and --frames-only exclude each other' : `needs records (--live-records ${opts.liveRecords})`}`,
  );
  process.exit(2);
}

const rows: Row[] = [];
const params = {
  ...KITCHEN_DEFAULTS,
  ordersPerHour: opts.ordersPerHour,
  durationMs: parseDuration(opts.duration),
};

// 1. Generate the scenario.
let generated = generateKitchen(params);
const genMs = await best(opts.runs, () => {
  generated = generateKitchen(params);
});
const n = generated.records.length;
rows.push({
  what: 'generate kitchen scenario',
  figure: `${rate(n, genMs)} records/s`,
  note: `${n} records`,
});

// 2. Ingest a recording into the engine (parse + insert) vs native read_json of the same file.
const dir = mkdtempSync(join(tmpdir(), 'tapedeck-bench-'));
const file = join(dir, 'kitchen.ndjson');
await writeRecordingFile(file, generated.records);
// The recordings (~5 GB with --browser-10m) go whatever happens.
try {
  if (opts.node && opts.liveOnly) {
    rows.push(...(await benchLive(generated.records.slice(0, opts.liveRecords))));
  } else if (opts.node && opts.framesOnly) await benchNodeFrames();
  else if (opts.node) await benchNode();
  if (opts.browser) {
    const recordings = [{ path: file, label: 'browser' }];
    if (opts.browser10m) {
      // Written by `tapedeck scenario kitchen` in a process of its own (the same generator and
      // defaults): its ~10M records need a larger heap than this one, and are gone once written.
      const big = join(dir, 'kitchen-10x.ndjson');
      await generateRecording(big, params.ordersPerHour * 10, opts.duration);
      recordings.push({ path: big, label: 'browser, 10× recording' });
    }
    rows.push(...(await benchBrowser({ port: opts.port, recordings })));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const title = `Tapedeck bench — ${n} kitchen records (${opts.duration}, ${opts.ordersPerHour} orders/h), best of ${opts.runs}, Node ${process.version}`;
printTable(rows, title);
if (opts.json !== undefined) {
  const json = `${JSON.stringify(benchJson(rows, title, { ...opts, records: n }), null, 2)}\n`;
  if (opts.json === '-') process.stdout.write(json);
  else writeFileSync(opts.json, json);
}

/** Writes a kitchen recording with `tapedeck scenario kitchen` (its heap up to 16 GB). */
async function generateRecording(out: string, ordersPerHour: number, duration: string) {
  const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'tapedeck.js');
  const args = ['--max-old-space-size=16384', cli, 'scenario', 'kitchen'];
  args.push('--orders-per-hour', String(ordersPerHour), '--duration', duration, '--out', out);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`bench: tapedeck scenario kitchen --out ${out} exited ${code}`);
}

/** The replay frame figures of `benchNode` alone (`--frames-only`), after the same first frame. */
async function benchNodeFrames(): Promise<void> {
  const bytes = readFileSync(file);
  const engine = await createNodeEngine();
  const summary = await engine.loadRecording(bytes, 'bench');
  await engine.frame(summary.end);
  rows.push(...(await benchFrames(engine, bytes, summary)));
  engine.close();
}

/** The Node figures: the engine (DuckDB-WASM in Node) against native DuckDB, live, the lab. */
async function benchNode(): Promise<void> {
  const bytes = readFileSync(file);
  const mb = (statSync(file).size / 1e6).toFixed(0);
  const engine = await createNodeEngine();
  let summary = await engine.loadRecording(bytes, 'bench');
  const ingestMs = await best(opts.runs, async () => {
    summary = await engine.loadRecording(bytes, 'bench');
  });
  // The fair reference (issue 13): native read_json, then the same typed per-topic tables the
  // engine built (its columns and types, the payload fields extracted by DuckDB's JSON functions).
  const topics = [...new Set(summary.partitions.map((p) => p.topic))];
  const schema = new Map<string, { name: string; type: string }[]>();
  for (const topic of topics) {
    const described = await engine.query(`DESCRIBE "${topic.replaceAll('"', '""')}"`);
    schema.set(
      topic,
      described.rows.map((r) => ({ name: String(r[0]), type: String(r[1]) })),
    );
  }
  const native = await openNative();
  let nativeReadMs = Infinity;
  const nativeIngestMs = await best(opts.runs, async () => {
    const start = performance.now();
    await nativeReadJson(native.conn, file);
    nativeReadMs = Math.min(nativeReadMs, performance.now() - start);
    await nativeTopicTables(native.conn, schema);
  });
  rows.push({
    what: 'ingest recording into engine (DuckDB-WASM, Node)',
    figure: `${rate(n, ingestMs)} records/s`,
    note: `${mb} MB NDJSON into typed per-topic tables, JSON payloads parsed`,
  });
  rows.push({
    what: 'native DuckDB read_json + field extraction, 1 thread',
    figure: `${rate(n, nativeIngestMs)} records/s`,
    note: 'the same per-topic tables (columns, types); the fair reference',
  });
  rows.push({
    what: 'native DuckDB read_json alone, 1 thread',
    figure: `${rate(n, nativeReadMs)} records/s`,
    note: 'envelope only, payload left as text',
  });
  rows.push({
    what: 'ingest ratio engine / native read_json + extraction',
    figure: ratio(nativeIngestMs, ingestMs),
    note: `target ≥ 0.5×, goal 1.0×; against read_json alone ${ratio(nativeReadMs, ingestMs)}`,
  });

  // 3. Compute every metric over the whole source (the first frame after a load: each metric once,
  // and each sql metric's samples as of their own times), and the same SQL on native DuckDB.
  const firstFrameStart = performance.now();
  await engine.frame(summary.end);
  const firstFrameMs = performance.now() - firstFrameStart;
  const ctx = { delivered: summary.records, time: summary.end, start: summary.start, graceMs: 0 };
  // The kitchen workbook's metrics, compiled exactly as the engine compiles them.
  const workbook = parseWorkbook(KITCHEN_WORKBOOK.text, KITCHEN_WORKBOOK.name);
  const sqlColumns = new Map<string, string[]>();
  for (const def of workbook.metrics) {
    if (def.kind === 'sql')
      sqlColumns.set(def.sql, (await engine.query(`SELECT * FROM (${def.sql}) LIMIT 0`)).columns);
  }
  const env = {
    topics,
    graceMs: workbook.options.graceMs,
    columnsOf: (sql: string) => sqlColumns.get(sql) ?? [],
  };
  const specs: MetricSpec[] = workbook.metrics.map((def) => compileMetric(def, env));
  const sqlMs = await best(opts.runs, async () => {
    for (const spec of specs) await engine.query(spec.sql(ctx));
  });
  const nativeSqlMs = await best(opts.runs, async () => {
    for (const spec of specs) await native.conn.runAndReadAll(spec.sql(ctx));
  });
  // The two must agree, or the comparison means nothing.
  for (const spec of specs) {
    const check = `SELECT count(*), round(sum(value) FILTER (WHERE isfinite(value)), 6) FROM (${spec.sql(ctx)})`;
    const a = JSON.stringify((await engine.query(check)).rows[0]);
    const b = JSON.stringify((await native.conn.runAndReadAll(check)).getRows()[0], (_k, v) =>
      typeof v === 'bigint' ? Number(v) : v,
    );
    if (a !== b) throw new Error(`metric "${spec.id}": engine ${a} ≠ native ${b}`);
  }
  rows.push({
    what: `first frame after load (${specs.length} metrics, ${workbook.slis.length} SLIs, whole source)`,
    figure: `${firstFrameMs.toFixed(0)} ms`,
    note: `each metric once; ${specs.filter((s) => s.asOf === 'recompute').length} sql metrics one query per sample time`,
  });
  rows.push(...(await benchFrames(engine, bytes, summary)));
  rows.push({ what: 'same metric SQL, engine', figure: `${sqlMs.toFixed(1)} ms`, note: '' });
  rows.push({
    what: 'same metric SQL, native DuckDB, 1 thread',
    figure: `${nativeSqlMs.toFixed(1)} ms`,
    note: 'results checked equal',
  });
  rows.push({
    what: 'recompute ratio engine / native',
    figure: ratio(sqlMs, nativeSqlMs),
    note: 'target ≤ 2×',
  });

  rows.push(...(await benchTraces(engine, native.conn, summary.records, opts.runs)));
  const spike = generated.labels.incidents.find((i) => i.kind === 'rejection-spike');
  if (spike) rows.push(...(await benchExplain(engine, native.conn, spike, summary.end, opts.runs)));
  rows.push(...benchAlertLab(opts.runs));
  rows.push(...(await benchRuleSearch(opts.runs)));
  rows.push(...(await benchNab()));
  if (opts.liveRecords > 0) {
    rows.push(...(await benchLive(generated.records.slice(0, opts.liveRecords))));
  }
  if (opts.flink) rows.push(...(await benchFlink(generated.records)));
  engine.close();
  native.close();
}

function rate(count: number, ms: number): string {
  return Math.round((count / ms) * 1000).toLocaleString('en-US');
}
function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(2)}×`;
}
