import { describe, expect, it } from 'vitest';
import { compileMetric, KITCHEN_WORKBOOK, parseWorkbook } from '../workbook/index.ts';
import { assertReadOnly } from './read-only-sql.ts';

describe('assertReadOnly', () => {
  it.each([
    'SELECT * FROM "orders-rejected"',
    'with x as (select 1) select * from x;',
    'FROM orders LIMIT 5',
    'DESCRIBE orders',
    'EXPLAIN SELECT 1',
    'SHOW TABLES',
    'PRAGMA table_info(orders)',
    "SELECT 'drop table x; delete' AS s -- update\n",
    'SELECT "insert" FROM t /* create */',
  ])('accepts %j', (sql) => {
    expect(() => assertReadOnly(sql)).not.toThrow();
  });

  it.each([
    ['DROP TABLE orders', 'only read-only statements are allowed, not DROP'],
    ['  insert into t values (1)', 'not INSERT'],
    ['SELECT 1; DROP TABLE orders', 'only one statement is allowed'],
    ['EXPLAIN ANALYZE DELETE FROM orders', 'found DELETE'],
    ['PRAGMA enable_profiling', 'only PRAGMA table_info/show_tables/show_tables_expanded'],
    ['COPY orders TO "x.csv"', 'not COPY'],
    ['   ', 'empty statement'],
    ["SELECT 'unclosed", 'unterminated string'],
  ])('refuses %j', (sql, reason) => {
    expect(() => assertReadOnly(sql)).toThrow(reason);
  });
});

describe('metric SQL of the default workbook', () => {
  const workbook = parseWorkbook(KITCHEN_WORKBOOK.text, KITCHEN_WORKBOOK.name);
  const env = {
    topics: [
      'orders',
      'orders-rejected',
      'restaurant-status',
      'payments',
      'cluster-metrics',
      'e2e-probe',
    ],
    graceMs: 0,
    columnsOf: () => ['window_start', 'dimension', 'value'],
  };
  it.each(workbook.metrics.map((def) => [def.id, compileMetric(def, env)] as const))(
    '%s passes as read-only SQL',
    (_, m) => {
      const sql = m.sql({ delivered: 10, time: 3_600_000, start: 0, graceMs: 0 });
      expect(() => assertReadOnly(sql)).not.toThrow();
    },
  );
});
