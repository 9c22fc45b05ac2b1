/**
 * What runs outside the app in the live bench, in a process of its own as in real use: the
 * bridge (`bridge <bootstrap> <topic>`: Kafka → WebSocket, prints `{"port","token"}` once
 * listening, answers each `cpu` line on its stdin with `{"cpuMs"}`, its CPU time so far, and
 * stops when its stdin ends) or a producer (`produce <bootstrap> <topic> <file>
 * <rate>`: the recording's records sent at `rate` a second, each stamped with the time it is
 * due, then exits). Run by bench/live.ts; in one process with the engine, each would slow the
 * other (the bridge and the engine share no thread in real use, nor do producers).
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { produceRecords } from '../bridge/index.ts';
import { startLiveHarness } from '../bridge/testing/index.ts';
import { readAllRecording } from '../formats/index.ts';

const [mode, bootstrap, topic, file, rateText] = process.argv.slice(2);
if (!bootstrap || !topic)
  throw new Error('usage: live-outside.ts bridge|produce <bootstrap> <topic> …');
const connection = { brokers: [bootstrap] };

if (mode === 'bridge') {
  const bridge = await startLiveHarness(connection, { topics: [topic], from: 'earliest' });
  const port = Number(new URL(bridge.origin).port);
  process.stdout.write(`${JSON.stringify({ port, token: bridge.token })}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line !== 'cpu') continue;
    const { user, system } = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({ cpuMs: (user + system) / 1000 })}\n`);
  }
  await bridge.close();
} else if (mode === 'produce' && file && rateText) {
  const rate = Number(rateText);
  const { records } = await readAllRecording(readFileSync(file));
  const now = Date.now();
  const paced = records.map((r, i) => ({ ...r, timestamp: Math.round(now + (i * 1000) / rate) }));
  await produceRecords(paced, {
    connection,
    topicFor: () => topic,
    pacing: { speed: 1, realtime: true },
    retime: true,
  });
} else throw new Error(`live-outside.ts: unknown mode ${JSON.stringify(mode)}`);
