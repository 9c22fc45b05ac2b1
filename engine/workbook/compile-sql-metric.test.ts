import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { T0, recordsOf } from '../testing/test-records.ts';
import { metricAt, useWorkbook, workbookOf } from '../testing/workbook-test-kit.ts';
import { rawSqlTopics } from './compile-sql-metric.ts';

const MIN = 60_000;

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await useWorkbook(
    engine,
    workbookOf(`  - id: per-shop
    kind: sql
    sql: >-
      WITH s AS (SELECT * FROM sales)
      SELECT _ts - _ts % 60000 AS window_start, shop AS dimension, sum(amount) AS value
      FROM s GROUP BY ALL
    window: 1m
  - id: running
    kind: sql
    sql: SELECT ${T0 + MIN} AS t, count(*) AS value FROM sales
    every: 1m
    label: records
  - id: recent
    kind: sql
    sql: SELECT ${T0 + 2 * MIN} AS t, count(*) AS value FROM sales
    every: 1m
    lookback: 1m
    label: records
  - id: no-value-column
    kind: sql
    sql: SELECT _ts AS window_start FROM sales
    window: 1m`),
  );
});
afterAll(() => engine.close());

describe('sql metrics', () => {
  it('reads only delivered records, even inside its own WITH clause', async () => {
    const summary = await engine.loadRecords(
      recordsOf('sales', [
        { at: 0, value: { shop: 'A', amount: 1 } },
        { at: 10_000, value: { shop: 'B', amount: 2 } },
        { at: 70_000, value: { shop: 'A', amount: 4 } },
        { at: 80_000, value: { shop: 'A', amount: 8 } },
      ]),
      'sql test',
    );
    expect(summary.metrics.map((m) => m.id)).toEqual(['per-shop', 'running', 'recent']);
    expect(await metricAt(engine, 'per-shop', 75_000)).toEqual({
      late: 0,
      times: [MIN, 2 * MIN],
      values: { A: [1, 4], B: [2, NaN] },
    });
  });

  it('with a lookback, reads only the delivered records of the last lookback before the sample', async () => {
    // At 120 s four records are delivered; those at 70 s and 80 s are within 1 m of it.
    expect(await metricAt(engine, 'recent', 150_000)).toEqual({
      late: 0,
      times: [0, MIN, 2 * MIN],
      values: { records: [NaN, NaN, 2] },
    });
  });

  it('places t rows at their instant under the metric label, as known at that instant', async () => {
    // At 75 s three records are delivered, but the sample at 60 s counts the two delivered by then.
    expect(await metricAt(engine, 'running', 75_000)).toEqual({
      late: 0,
      times: [0, MIN],
      values: { records: [NaN, 2] },
    });
  });

  it('reports a query whose columns break the contract as unavailable, naming what is missing', async () => {
    const summary = await engine.loadWorkbook(await engine.getWorkbook(), 'again.yaml');
    expect(summary.unavailable).toEqual([
      {
        id: 'no-value-column',
        reason:
          'metric "no-value-column": the query returns window_start; it must return value (window: rows give window_start, [dimension], value)',
      },
    ]);
  });
});

describe('the topics a raw-SQL metric reads', () => {
  const topics = ['orders', 'orders-rejected', 'payments', 'Cluster-Metrics'];

  it('are those it names, as DuckDB matches names (case-insensitively, quoted or not)', () => {
    const sql = `SELECT count(*) AS value FROM "ORDERS-rejected" r JOIN PAYMENTS p USING (userId)`;
    // `orders` is named inside `orders-rejected`: read as well (more is safe, fewer is not).
    expect(rawSqlTopics(sql, topics)).toEqual(['orders', 'orders-rejected', 'payments']);
    expect(rawSqlTopics('SELECT 1 AS value FROM cluster_metrics', topics)).toEqual([]);
    expect(rawSqlTopics('SELECT 1 AS value FROM "cluster-metrics"', topics)).toEqual([
      'Cluster-Metrics',
    ]);
  });

  it('are all topics when it names a table by a computed string', () => {
    expect(rawSqlTopics(`SELECT * FROM query_table('pay' || 'ments')`, topics)).toEqual(topics);
    expect(rawSqlTopics(`SELECT * FROM QUERY ('SELECT 1')`, topics)).toEqual(topics);
  });
});
