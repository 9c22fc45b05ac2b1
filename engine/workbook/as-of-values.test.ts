import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { T0, recordsOf } from '../testing/test-records.ts';
import { metricAt, useWorkbook, workbookOf } from '../testing/workbook-test-kit.ts';
import { evaluateMetricRule } from './evaluate-alerts.ts';
import { parseWorkbook } from './parse-workbook.ts';

const MIN = 60_000;

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

/** A checkout query whose past windows change: an order counts as blocked until a success arrives. */
const BLOCKED = `SELECT last_failed - last_failed % 60000 AS window_start, sum(amount) AS value
      FROM (
        SELECT orderId, max(_ts) FILTER (WHERE status = 'FAILED') AS last_failed,
          any_value(amount) AS amount, bool_or(status = 'SUCCEEDED') AS succeeded
        FROM payments GROUP BY orderId
      )
      WHERE last_failed IS NOT NULL AND NOT succeeded GROUP BY ALL`;

const pay = (orderId: string, status: string, amount: number) => ({ orderId, status, amount });

/** o1 and o2 fail in minute 0 (15 blocked at its end); o1 succeeds at 90 s (5 blocked after). */
const PAYMENTS = recordsOf('payments', [
  { at: 10_000, value: pay('o1', 'FAILED', 10) },
  { at: 20_000, value: pay('o2', 'FAILED', 5) },
  { at: 90_000, value: pay('o1', 'SUCCEEDED', 10) },
  { at: 130_000, value: pay('o3', 'FAILED', 1) },
]);

function blockedWorkbook(extra = '', alerts = ''): string {
  return workbookOf(
    `  - id: blocked
    kind: sql
    sql: >-
      ${BLOCKED}
    window: 1m
    missing: 0${extra}`,
    alerts,
  );
}

describe('as-of values: raw SQL', () => {
  it('keeps a window sample as known at its end, though later records change the query result for it', async () => {
    await useWorkbook(engine, blockedWorkbook());
    await engine.loadRecords(PAYMENTS, 'as-of sql');
    // Run at 150 s, the query puts 5 in minute 0 (o1 succeeded at 90 s); at 60 s it said 15.
    expect(await metricAt(engine, 'blocked', 150_000)).toEqual({
      late: 0,
      times: [MIN, 2 * MIN, 3 * MIN],
      values: { all: [15, 0, 1] },
    });
  });

  it('gives rules, the backtest and the frame the same as-of samples, whatever was asked before', async () => {
    await useWorkbook(
      engine,
      blockedWorkbook(
        '',
        `alerts:
  - { id: blocked-high, kind: threshold, metric: blocked, op: '>', value: 12 }`,
      ),
    );
    await engine.loadRecords(PAYMENTS, 'as-of sql');
    // Asked at the end first (every sample computed at once), then at 60 s: the same values
    // (at 60 s, the open minute 1 has no failure yet).
    const rules = await engine.alerts(T0 + 150_000);
    expect(rules[0]!.intervals).toEqual([{ series: 'all', start: T0 + MIN, end: T0 + 2 * MIN }]);
    expect((await metricAt(engine, 'blocked', 60_000)).values).toEqual({ all: [15, 0] });
    expect((await metricAt(engine, 'blocked', 150_000)).values).toEqual({ all: [15, 0, 1] });
  });

  it('shows a final_only metric as known at the replay time, and says so', async () => {
    await useWorkbook(engine, blockedWorkbook('\n    final_only: true'));
    const summary = await engine.loadRecords(PAYMENTS, 'final-only sql');
    expect(summary.metrics.find((m) => m.id === 'blocked')?.finalOnly).toBe(true);
    expect((await metricAt(engine, 'blocked', 150_000)).values).toEqual({ all: [5, 0, 1] });
  });

  it('refuses a workbook with a rule on a final_only metric, naming the rule and why', async () => {
    const summary = await engine.loadWorkbook(
      blockedWorkbook(
        '\n    final_only: true',
        `alerts:
  - { id: blocked-high, kind: threshold, metric: blocked, op: '>', value: 12 }`,
      ),
      'final-only.yaml',
    );
    expect(summary.accepted).toBe(false);
    expect(summary.issues).toEqual([
      expect.objectContaining({
        path: 'alerts[0].metric',
        message: expect.stringContaining('metric "blocked" is final_only'),
      }),
    ]);
  });

  it('evaluateMetricRule (the lab and the backtest) refuses a final_only metric', () => {
    const wb = parseWorkbook(blockedWorkbook('\n    final_only: true'), 'final-only.yaml');
    const rule = {
      id: 'r',
      kind: 'threshold' as const,
      metric: 'blocked',
      op: '>' as const,
      value: 12,
      forMs: 0,
      keepFiringForMs: 0,
      everyMs: null,
      maxSeries: 100,
    };
    expect(() =>
      evaluateMetricRule(rule as Parameters<typeof evaluateMetricRule>[0], wb.metrics[0]!, []),
    ).toThrow('metric "blocked" is final_only');
  });
});

describe('as-of values: latency', () => {
  const order = (orderId: string, status: string) => ({ orderId, status });

  it('pairs as known at the window end: a start or an earlier end delivered later changes no past window', async () => {
    await useWorkbook(
      engine,
      workbookOf(`  - id: time-per-order
    kind: latency
    topic: orders
    key: orderId
    from: { filter: "status = 'PLACED'" }
    to: { filter: "status = 'DELIVERED'" }
    stats: [avg, count]
    window: 1m`),
    );
    await engine.loadRecords(
      recordsOf('orders', [
        { at: 0, value: order('o1', 'PLACED') },
        { at: 5_000, value: order('o3', 'PLACED') },
        { at: 30_000, value: order('o1', 'DELIVERED') }, // 30 s
        { at: 40_000, value: order('o2', 'DELIVERED') }, // no start known by 60 s
        { at: 50_000, value: order('o3', 'DELIVERED') }, // 45 s
        { at: 70_000, value: order('o9', 'PLACED') },
        { at: 20_000, value: order('o2', 'PLACED') }, // delivered at 70 s: after minute 0 ended
        { at: 45_000, value: order('o3', 'DELIVERED') }, // o3's first end now, and late
      ]),
      'as-of latency',
    );
    // Computed at 100 s, minute 0 would hold o1 (30 s) and o2 (20 s), o3 having moved to the
    // late count; as known at 60 s it holds o1 and o3.
    expect(await metricAt(engine, 'time-per-order', 100_000)).toEqual({
      late: 1,
      times: [MIN, 2 * MIN],
      values: { 'all · avg': [37.5, NaN], 'all · count': [2, NaN] },
    });
  });
});

describe('as-of values: grace period', () => {
  it('a window sample holds the records delivered by its end; one delivered in the grace period is not late', async () => {
    await useWorkbook(
      engine,
      workbookOf(
        `  - { id: sales, kind: count, topic: sales, window: 1m }`,
        `options: { grace: 30s }`,
      ),
    );
    await engine.loadRecords(
      recordsOf('sales', [
        { at: 10_000, value: {} },
        { at: 20_000, value: {} },
        { at: 70_000, value: {} },
        { at: 50_000, value: {} }, // delivered at 70 s, within minute 0's grace
      ]),
      'grace',
    );
    expect(await metricAt(engine, 'sales', 100_000)).toEqual({
      late: 0,
      times: [MIN, 2 * MIN],
      values: { all: [2, 1] },
    });
  });
});

describe('as-of values: live source', () => {
  const line = (partition: number, offset: number, at: number) =>
    JSON.stringify({
      topic: 'sales',
      partition,
      offset,
      tstype: 'create',
      ts: T0 + at,
      key: null,
      payload: '{}',
    });
  const bytes = (...lines: string[]) =>
    new TextEncoder().encode(lines.map((l) => `${l}\n`).join(''));

  it('keeps samples as known at their time though a lagging partition is not late, and redoes those a new batch reaches', async () => {
    await useWorkbook(
      engine,
      workbookOf(`  - { id: sales, kind: count, topic: sales, window: 1m }`),
    );
    await engine.startLive('live as-of');
    await engine.appendLive(bytes(line(0, 0, 10_000)));
    // (The second sample is the open minute 1, empty so far.)
    expect((await metricAt(engine, 'sales', 60_000)).values).toEqual({ all: [1, 0] });
    // Stream time was 10 s: a record at 50 s is delivered by 60 s, so the sample at 60 s changes.
    await engine.appendLive(bytes(line(1, 0, 50_000)));
    expect((await metricAt(engine, 'sales', 60_000)).values).toEqual({ all: [2, 0] });
    // Partition 1's record at 30 s comes after stream time reached 70 s: not late for its
    // partition (whose stream time is 50 s), so a computation now counts it in minute 0, but
    // at 60 s it had not arrived.
    await engine.appendLive(bytes(line(0, 1, 70_000), line(1, 1, 30_000)));
    expect(await metricAt(engine, 'sales', 80_000)).toEqual({
      late: 0,
      times: [MIN, 2 * MIN],
      values: { all: [2, 1] },
    });
  });
});
