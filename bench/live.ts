import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { WebSocket } from 'ws';
import { startKafka } from '../bridge/index.ts';
import { produceRecords } from '../bridge/index.ts';
import { attachLiveEndpoint } from '../bridge/index.ts';
import { startStaticServer } from '../bridge/index.ts';
import { localOrigins, newSessionToken } from '../bridge/index.ts';
import { connectLive, type WebSocketLike } from '../formats/index.ts';
import { createNodeEngine } from '../engine/node.ts';
import type { KafkaRecord } from '../formats/index.ts';
import type { Row } from './report.ts';

const TOPIC = 'bench-live';

/**
 * Live throughput: a topic of `records` kitchen records read through the bridge (consumer →
 * WebSocket batches with credit → engine.appendLive under Node), next to a bare kafkajs consumer
 * reading the same topic; then lag while records are produced at a steady rate.
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
    await consumer.disconnect();

    // The bridge into the engine, as the browser uses it.
    const engine = await createNodeEngine();
    await engine.startLive('bench');
    const running = await startStaticServer({ dir, host: '127.0.0.1', port: 0 });
    const port = Number(new URL(running.url).port);
    const token = newSessionToken();
    const endpoint = attachLiveEndpoint(running.server, {
      connection,
      token,
      origins: localOrigins('127.0.0.1', port),
      topics: [TOPIC],
      from: 'earliest',
    });
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
    while (caughtUp === 0) await new Promise((r) => setTimeout(r, 20));

    // Lag: 10 s of records produced at 10k/s, each stamped when sent.
    measuring = true;
    const rate = 10_000;
    const paced = records
      .slice(0, rate * 10)
      .map((r, i) => ({ ...r, timestamp: Date.now() + (i * 1000) / rate }));
    await produceRecords(paced, {
      connection,
      topicFor: () => TOPIC,
      pacing: { speed: 1, realtime: true },
      retime: true,
    });
    while (ingested < n + paced.length) await new Promise((r) => setTimeout(r, 20));
    live.close();
    await endpoint.close();
    await running.close();
    engine.close();

    lags.sort((a, b) => a - b);
    const pct = (q: number) => lags[Math.min(lags.length - 1, Math.floor(lags.length * q))] ?? NaN;
    const perSecond = (ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US');
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
        what: 'live: record-to-engine lag at 10k records/s',
        figure: `p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`,
        note: 'newest record of each batch; target p99 < 1 s',
      },
    ];
  } finally {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
