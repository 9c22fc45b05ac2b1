import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { createNodeBindings, createNodeEngine } from '../node.ts';
import { recordsOf } from '../testing/test-records.ts';
import { readOnlyQuery } from './read-only-sql.ts';
import { sandboxDuckDB } from './sandbox.ts';

// Every attack names files in this directory (and one unique name straight in the temp dir);
// the tests end by checking that none of them exists.
const dir = mkdtempSync(path.join(tmpdir(), 'tapedeck-console-'));
const loose = path.join(tmpdir(), `tapedeck-pwned-${process.pid}-${Date.now()}.sh`);
const secret = path.join(dir, 'secret.txt');
writeFileSync(secret, 'the secret\n');

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.loadRecords(
    recordsOf('orders', [
      { at: 0, value: { status: 'PLACED' } },
      { at: 1_000, value: { status: 'REJECTED' } },
    ]),
    'two orders',
  );
});
afterAll(() => {
  engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = async () => (await engine.query('SELECT count(*) AS n FROM orders')).rows[0]![0];

describe('engine.query runs one read-only query', () => {
  it.each([
    ['SELECT count(*) AS n FROM orders', [[2]]],
    ['select count(*) as n from orders;  ', [[2]]],
    ['FROM orders SELECT count(*) AS n; -- trailing comment', [[2]]],
    ['WITH x AS (SELECT 1 AS n) SELECT * FROM x', [[1]]],
    ['VALUES (1)', [[1]]],
    ['TABLE orders LIMIT 0', []],
    [
      'SELECT \'$$;\' AS s, $t$it\'s; DROP$t$ AS t, "x;y" FROM (SELECT 1 AS "x;y")',
      [['$$;', "it's; DROP", 1]],
    ],
    ['SELECT 1 AS n -- a comment\n', [[1]]],
    ['(SELECT 1 AS n) UNION ALL (SELECT 2)', [[1], [2]]],
  ])('answers %j', async (sql, rows) => {
    expect((await engine.query(sql)).rows).toEqual(rows);
  });

  it('answers DESCRIBE, SHOW TABLES, SUMMARIZE and EXPLAIN [ANALYZE]', async () => {
    expect((await engine.query('DESCRIBE orders')).columns).toContain('column_name');
    expect((await engine.query('SHOW TABLES')).rows).toContainEqual(['orders']);
    expect((await engine.query('SUMMARIZE orders')).rows.length).toBeGreaterThan(0);
    expect((await engine.query('EXPLAIN SELECT * FROM orders')).columns).toEqual([
      'explain_key',
      'explain_value',
    ]);
    expect((await engine.query('explain analyze FROM orders')).rows.length).toBe(1);
  });

  it.each([
    ['DROP TABLE orders', 'only read-only statements are allowed, not DROP'],
    ['  insert into orders (_seq) values (1)', 'not INSERT'],
    ['DELETE FROM orders', 'not DELETE'],
    ['UPDATE orders SET _seq = 0', 'not UPDATE'],
    ['CREATE TABLE t AS SELECT 1', 'not CREATE'],
    ['ALTER TABLE orders ADD COLUMN c INT', 'not ALTER'],
    ['SET enable_external_access = true', 'not SET'],
    ['RESET lock_configuration', 'not RESET'],
    ['PRAGMA enable_profiling', 'not PRAGMA'],
    ['PRAGMA table_info(orders)', 'not PRAGMA'],
    ['CALL checkpoint()', 'not CALL'],
    ['CHECKPOINT', 'not CHECKPOINT'],
    ['INSTALL json', 'not INSTALL'],
    ['LOAD json', 'not LOAD'],
    [`LOAD '${path.join(dir, 'x.duckdb_extension')}'`, 'not LOAD'],
    [`ATTACH '${path.join(dir, 'a.db')}' AS a`, 'not ATTACH'],
    ["ATTACH ':memory:' AS m", 'not ATTACH'],
    ['DETACH memory', 'not DETACH'],
    ['USE temp', 'not USE'],
    [`COPY orders TO '${path.join(dir, 'c.csv')}'`, 'not COPY'],
    [`EXPORT DATABASE '${path.join(dir, 'export')}'`, 'not EXPORT'],
    [`IMPORT DATABASE '${dir}'`, 'not IMPORT'],
    ['BEGIN TRANSACTION', 'not BEGIN'],
    ['WITH x AS (SELECT 1) DELETE FROM orders', 'Parser Error: syntax error at or near "DELETE"'],
    ['EXPLAIN ANALYZE DELETE FROM orders', 'Parser Error'],
    ['SELECT 1; DROP TABLE orders', 'only one statement is allowed'],
    [
      `SELECT $$'$$); COPY (SELECT 'echo pwned' AS l) TO '${loose}' (HEADER false, QUOTE ''); SELECT ($$'$$`,
      'only one statement is allowed',
    ],
    [
      `SELECT 1) ; COPY orders TO '${path.join(dir, 'p.csv')}'; SELECT * FROM (SELECT 1`,
      'only one statement',
    ],
    [`SELECT 1 /* ; */ ; DROP TABLE orders`, 'only one statement is allowed'],
    ['   ', 'empty statement'],
    ['-- nothing but a comment', 'empty statement'],
    ["SELECT 'unclosed", 'unterminated quoted string'],
  ])('refuses %j', async (sql, reason) => {
    await expect(engine.query(sql)).rejects.toThrow(reason);
    expect(await count()).toBe(2);
  });

  it.each([
    `SELECT content FROM read_text('${secret}')`,
    `SELECT content FROM read_blob('${secret}')`,
    `SELECT * FROM read_csv('${secret}')`,
    `SELECT * FROM read_parquet('${secret}')`,
    `SELECT * FROM glob('${dir}/*')`,
    `SELECT * FROM '${secret}'`,
    `FROM query_table('${path.join(dir, 'secret.csv')}')`,
    `FROM query('SELECT * FROM read_text(''${secret}'')')`,
    `FROM query('COPY orders TO ''${path.join(dir, 'q.csv')}''')`,
    `SELECT * FROM read_csv('https://example.com/data.csv')`,
    `SELECT * FROM 'http://127.0.0.1:9/data.parquet'`,
    `SELECT * FROM (SELECT content FROM read_text('${secret}'))`,
  ])('does not read files or URLs: %j', async (sql) => {
    const err = await engine.query(sql).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).not.toContain('the secret');
    expect((err as Error).message).toMatch(
      /Permission Error|disabled by configuration|Expected a single SELECT statement|Catalog Error/,
    );
  });

  it('leaves no file behind anywhere', () => {
    expect(readdirSync(dir)).toEqual(['secret.txt']);
    expect(existsSync(loose)).toBe(false);
  });
});

describe('the one-statement guarantee rests on DuckDB, not on the friendly checks', () => {
  it('a prepared statement cannot hold two: the escaped text fails in DuckDB itself', async () => {
    const conn = (await createNodeBindings()).connect();
    sandboxDuckDB(conn);
    const escaped = `SELECT * FROM (SELECT $$'$$); COPY (SELECT 1) TO '${loose}'; SELECT ($$'$$\n)`;
    expect(() => conn.prepare(escaped)).toThrow('Cannot prepare multiple statements at once');
    expect(() => readOnlyQuery(conn, 'SELECT 42 AS answer')).not.toThrow();
    expect(existsSync(loose)).toBe(false);
    conn.close();
  });
});
