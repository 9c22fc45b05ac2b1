import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { recordsOf } from '../testing/test-records.ts';
import { metricAt, useWorkbook, workbookOf } from '../testing/workbook-test-kit.ts';

const MIN = 60_000;

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

describe('state_duration', () => {
  const status = (name: string, s: string) => ({ name, status: s });

  it('counts seconds since the first matching event of the current run, every interval, per key', async () => {
    await useWorkbook(
      engine,
      workbookOf(`  - id: closed
    kind: state_duration
    topic: status
    key: name
    state: status
    values: ['OFF', 'PAUSED']
    every: 1m`),
    );
    await engine.loadRecords(
      recordsOf('status', [
        { at: 0, value: status('A', 'ON') },
        { at: 30_000, value: status('B', 'OFF'), partition: 1 },
        { at: 90_000, value: status('A', 'OFF') },
        { at: 200_000, value: status('A', 'PAUSED') }, // still a matching state: the clock runs on
        { at: 100_000, value: status('A', 'ON') }, // late (stream time 200 s is past its minute): applies from 4:00
        { at: 330_000, value: status('A', 'ON') },
        { at: 400_000, value: status('A', 'OFF') },
        { at: 410_000, value: { name: 'B' } }, // no state: not a state event
      ]),
      'state test',
    );
    expect(await metricAt(engine, 'closed', 8 * MIN)).toEqual({
      late: 1,
      times: [0, 1, 2, 3, 4, 5, 6, 7, 8].map((m) => m * MIN),
      values: {
        // from 4:00 the late ON at 1:40 is known: the run is the one from 3:20
        A: [NaN, NaN, 30, 90, 40, 100, NaN, 20, 80],
        B: [NaN, 30, 90, 150, 210, 270, 330, 390, 450],
      },
    });
  });
});

describe('latency', () => {
  const order = (orderId: string, status: string, region: string) => ({ orderId, status, region });

  it('pairs the first start and end of each key, in the window of the end, by the end record', async () => {
    await useWorkbook(
      engine,
      workbookOf(`  - id: time-per-order
    kind: latency
    topic: orders
    key: orderId
    from: { filter: "status = 'PLACED'" }
    to: { filter: "status = 'DELIVERED'" }
    stats: [p50, avg, count]
    by: region
    window: 1m`),
    );
    await engine.loadRecords(
      recordsOf('orders', [
        { at: 0, value: order('o1', 'PLACED', 'x') },
        { at: 0, value: order('o6', 'PLACED', 'x') },
        { at: 10_000, value: order('o2', 'PLACED', 'x') },
        { at: 20_000, value: order('o3', 'PLACED', 'y') },
        { at: 30_000, value: order('o1', 'DELIVERED', 'x') }, // 30 s
        { at: 50_000, value: order('o2', 'DELIVERED', 'x') }, // 40 s
        { at: 80_000, value: order('o3', 'DELIVERED', 'y') }, // 60 s, next window
        { at: 90_000, value: order('o4', 'DELIVERED', 'y') }, // never placed: no pair
        { at: 100_000, value: order('o1', 'DELIVERED', 'y') }, // a second end: ignored
        { at: 100_000, value: order('o5', 'PLACED', 'y') },
        { at: 110_000, value: order('o5', 'DELIVERED', 'y') }, // 10 s
        { at: 125_000, value: order('o7', 'DELIVERED', 'y') }, // placed only later
        { at: 126_000, value: order('o7', 'PLACED', 'y') },
        { at: 40_000, value: order('o6', 'DELIVERED', 'x') }, // late: minute 0 closed at 60 s
      ]),
      'latency test',
    );
    expect(await metricAt(engine, 'time-per-order', 130_000)).toEqual({
      late: 1,
      times: [MIN, 2 * MIN, 3 * MIN],
      values: {
        'x · avg': [35, NaN, NaN],
        'x · count': [2, NaN, NaN],
        'x · p50': [35, NaN, NaN],
        'y · avg': [NaN, 35, NaN],
        'y · count': [NaN, 2, NaN],
        'y · p50': [NaN, 35, NaN],
      },
    });
  });

  it('correlates records across topics', async () => {
    await useWorkbook(
      engine,
      workbookOf(`  - id: checkout-to-order
    kind: latency
    from: { topic: checkout, key: cart }
    to: { topic: orders, key: orderId }
    stat: max
    window: 1m`),
    );
    await engine.loadRecords(
      [
        ...recordsOf('checkout', [
          { at: 0, value: { cart: 'o1' } },
          { at: 5000, value: { cart: 'o2' } },
        ]),
        ...recordsOf('orders', [
          { at: 2000, value: { orderId: 'o1' } },
          { at: 12_500, value: { orderId: 'o2' } },
        ]),
      ],
      'cross-topic latency test',
    );
    expect((await metricAt(engine, 'checkout-to-order', 20_000)).values).toEqual({ all: [7.5] });
  });
});
