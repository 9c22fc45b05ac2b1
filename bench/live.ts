import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { WebSocket } from 'ws';
import {
  newSessionToken,
  produceRecords,
  startKafka,
  writeRecordingFile,
} from '../bridge/index.ts';
import { connectLive, type WebSocketLike } from '../formats/index.ts';
import { createNodeEngine } from '../engine/node.ts';
import type { KafkaRecord } from '../formats/index.ts';
import type { Row } from './report.ts';

const TOPIC = 'bench-live';
const OUTSIDE = join(dirname(fileURLToPath(import.meta.url)), 'live-outside.ts');

/**
 * Live throughput: a topic of `records` kitchen records read through the bridge (consumer →
 * WebSocket batches with credit → engine.appendLive under Node), next to a bare kafkajs consumer
 * reading the same topic; then lag while records are produced at a steady rate. The bridge and
 * the producer run in processes of their own (see `live-outside.ts`), as they do in real use
 * (the engine runs in the browser's worker).
 */
export async function benchLive(records: readonly KafkaRecord[]): Promise<Row[]> {
  const broker = await startKafka({ port: 0 });
  const connection = { brokers: [broker.bootstrap] };
  const kafka = new Kafka({
    clientId: 'tapedeck-bench',
    brokers: connection.brokers,
    logLevel: logLevel.NOTHING,
  });
  const dir = mkdtempSync(join(tmpdir(), 'tapedeck-bench-live-'));
  try {
    await produceRecords(records, {
      connection,
      topicFor: () => TOPIC,
      pacing: { speed: 'max' },
      retime: true,
    });
    const n = records.length;

    // The reference: a bare kafkajs consumer, no processing.
    const consumer = kafka.consumer({ groupId: `bench-${newSessionToken()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    let seen = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          seen += batch.messages.length;
          if (seen >= n) resolve();
        },
      });
    });
    await done;
    const bareMs = performance.now() - t0;
    const bareCpu = cpuMs(process.cpuUsage(c0));
    await consumer.disconnect();

    // The bridge into the engine, as the browser uses it.
    const engine = await createNodeEngine();
    await engine.startLive('bench');
    const bridge = outside(['bridge', broker.bootstrap, TOPIC]);
    let failed: Error | null = null;
    bridge.once('exit', (code) => (failed = new Error(`bench: the live bridge exited ${code}`)));
    const waitFor = async (done: () => boolean): Promise<void> => {
      while (!done()) {
        if (failed) throw failed;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const answers = createInterface({ input: bridge.stdout! })[Symbol.asyncIterator]();
    const answer = async <T>(): Promise<T> => JSON.parse((await answers.next()).value) as T;
    const { port, token } = await answer<{ port: number; token: string }>();
    bridge.stdin!.write('cpu\n');
    const bridgeCpu0 = (await answer<{ cpuMs: number }>()).cpuMs;
    const engineCpu0 = process.cpuUsage();
    let ingested = 0;
    const lags: number[] = [];
    let measuring = false;
    const t1 = performance.now();
    let caughtUp = 0;
    const live = connectLive(`ws://127.0.0.1:${port}/live`, token, {
      onBatch: async (body) => {
        const status = await engine.appendLive(body);
        ingested = status.records;
        if (measuring && status.streamTime !== null) lags.push(Date.now() - status.streamTime);
        if (caughtUp === 0 && ingested >= n) caughtUp = performance.now() - t1;
      },
      createSocket: (url) =>
        new WebSocket(url, { origin: `http://127.0.0.1:${port}` }) as unknown as WebSocketLike,
    });
    await waitFor(() => caughtUp !== 0);
    const engineCpu = cpuMs(process.cpuUsage(engineCpu0));
    bridge.stdin!.write('cpu\n');
    const bridgeCpu = (await answer<{ cpuMs: number }>()).cpuMs - bridgeCpu0;

    // Lag: 10 s of records produced at 10k/s, each stamped with the time it is due.
    measuring = true;
    const rate = 10_000;
    const paced = records.slice(0, rate * 10);
    const pacedFile = join(dir, 'paced.ndjson');
    await writeRecordingFile(pacedFile, paced);
    const producer = outside(['produce', broker.bootstrap, TOPIC, pacedFile, String(rate)]);
    await waitFor(() => ingested >= n + paced.length);
    await exited(producer, 'producer');
    live.close();
    bridge.removeAllListeners('exit');
    bridge.stdin!.end();
    await exited(bridge, 'bridge');
    engine.close();

    lags.sort((a, b) => a - b);
    const pct = (q: number) => lags[Math.min(lags.length - 1, Math.floor(lags.length * q))] ?? NaN;
    const perSecond = (ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US');
    const perRecord = (ms: number) => `${((ms * 1000) / n).toFixed(1)} µs`;
    return [
      {
        what: `live: Kafka → bridge → engine (${n} records)`,
        figure: `${perSecond(caughtUp)} records/s`,
        note: 'catch-up from earliest, WebSocket + credit',
      },
      {
        what: 'live: bare kafkajs consumer, same topic',
        figure: `${perSecond(bareMs)} records/s`,
        note: 'no processing',
      },
      {
        what: 'live ratio bridge+engine / bare consumer',
        figure: `${(bareMs / caughtUp).toFixed(2)}×`,
        note: 'target ≥ 50k records/s sustained',
      },
      {
        what: 'live: CPU per record, bridge / engine / bare consumer',
        figure: `${perRecord(bridgeCpu)} / ${perRecord(engineCpu)} / ${perRecord(bareCpu)}`,
        note: 'all threads of each process, during the catch-up; the engine process also receives',
      },
      {
        what: `live: record-to-engine lag at 10k records/s, ${n} records loaded`,
        figure: `p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`,
        note: 'newest record of each batch; target p99 < 1 s',
      },
    ];
  } finally {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `live-outside.ts` in a process of its own (stderr shown, stdout piped). */
function outside(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', OUTSIDE, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

async function exited(child: ChildProcess, what: string): Promise<void> {
  const [code] = (child.exitCode !== null ? [child.exitCode] : await once(child, 'exit')) as [
    number | null,
  ];
  if (code !== 0) throw new Error(`bench: the live ${what} process exited ${code}`);
}
