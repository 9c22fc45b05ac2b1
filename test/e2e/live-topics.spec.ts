import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { startKafka, type KafkaBroker } from '../../bridge/index.ts';
import { AppPage } from './pages/app-page.ts';
import { LivePanel } from './pages/live-panel.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'bin/tapedeck.js');

let broker: KafkaBroker;
let kafka: Kafka;
let serve: ChildProcess | null = null;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  broker = await startKafka({ port: 0 });
  kafka = new Kafka({ clientId: 'e2e', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
});

test.afterAll(async () => {
  test.setTimeout(120_000);
  if (serve && serve.exitCode === null) {
    const exited = new Promise((resolve) => serve!.once('exit', resolve));
    serve.kill('SIGTERM');
    await exited;
  }
  await broker?.stop();
});

async function createAndProduce(
  topic: string,
  partitions: number,
  messages: { key: string; value: string; timestamp?: string }[],
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages });
  } finally {
    await producer.disconnect();
  }
}

function startServe(topics: string): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      CLI,
      'serve',
      '--port',
      '0',
      '--no-build',
      '--brokers',
      broker.bootstrap,
      '--from',
      'earliest',
    ].concat(['--topics', topics]),
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  serve = child;
  return new Promise((resolve, reject) => {
    let out = '';
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Tapedeck: (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`tapedeck serve exited with ${code}: ${out}`)));
  });
}

test('live mode follows topics created after the start that --topics selects, and labels future timestamps', async ({
  page,
}) => {
  const now = Date.now();
  await createAndProduce(
    'shop-orders',
    1,
    Array.from({ length: 5 }, (_, i) => ({
      key: `o-${i}`,
      value: JSON.stringify({ status: 'PLACED', amount: i }),
      timestamp: String(now - 60_000 + i * 1_000),
    })),
  );
  const url = await startServe('shop-*');
  const app = new AppPage(page);
  await app.openLive(url);
  const live = new LivePanel(page);
  await live.expectTopics(['shop-orders']);
  await expect.poll(() => app.records()).toBe(5);
  await expect(live.future).toHaveCount(0);

  // Created while the page is open: one the pattern selects, one it does not. The selected one
  // has a record stamped an hour ahead of the clock (a producer with a clock ahead).
  await createAndProduce('other-audit', 1, [{ key: 'a', value: '{"who":"x"}' }]);
  await createAndProduce('shop-payments', 2, [
    { key: 'p-1', value: '{"amount":3}', timestamp: String(Date.now()) },
    { key: 'p-2', value: '{"amount":4}', timestamp: String(Date.now() + 3_600_000) },
  ]);
  await live.expectTopics(['shop-orders', 'shop-payments']);
  await expect.poll(() => app.records(), { timeout: 60_000 }).toBe(7);
  await expect(app.source.topicRow('shop-payments')).toBeVisible();
  await expect(app.source.root.locator('[data-topic="other-audit"]')).toHaveCount(0);
  await expect(live.future).toBeVisible();
  await expect(live.future).toContainText(
    /Timestamps in the future: the newest record is (59|60) min/,
  );
  await page.screenshot({ path: test.info().outputPath('live-topics.png') });
});
