import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DuckDBBindings, DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine.ts';
import { createNodeBindings } from '../node.ts';
import { recordsOf } from '../testing/test-records.ts';
import { SANDBOX_SETTINGS, sandboxDuckDB } from './sandbox.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'tapedeck-sandbox-'));
let db: DuckDBBindings;
let engine: Engine;
let conn: DuckDBConnection;
beforeAll(async () => {
  db = await createNodeBindings();
  engine = new Engine(db);
  // A second connection of the same database, as any SQL the engine runs would use.
  conn = db.connect();
});
afterAll(() => {
  conn.close();
  engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const setting = (name: string) =>
  String(
    conn.query(`SELECT value FROM duckdb_settings() WHERE name = '${name}'`).toArray()[0]!.value,
  );

describe('sandboxDuckDB (applied by the Engine constructor, in Node and in the browser worker)', () => {
  it('turns off external access and extension loading, and locks the configuration', () => {
    for (const [name, value] of SANDBOX_SETTINGS)
      expect([name, setting(name)]).toEqual([name, String(value)]);
  });

  it.each([
    'SET enable_external_access = true',
    'SET GLOBAL enable_external_access = true',
    'RESET enable_external_access',
    'SET autoload_known_extensions = true',
    'SET allow_community_extensions = true',
    'SET lock_configuration = false',
    'RESET lock_configuration',
    "SET allowed_directories = ['/']",
    "SET allowed_paths = ['/etc/passwd']",
  ])('no connection can undo it: %j', (sql) => {
    expect(() => conn.query(sql)).toThrow('the configuration has been locked');
    expect(setting('enable_external_access')).toBe('false');
  });

  it.each([
    [`COPY (SELECT 1) TO '${path.join(dir, 'c.csv')}'`, 'file system operations are disabled'],
    [`EXPORT DATABASE '${path.join(dir, 'export')}'`, 'file system operations are disabled'],
    [`ATTACH '${path.join(dir, 'a.db')}' AS a`, 'file system operations are disabled'],
    [`SELECT * FROM read_text('/etc/hostname')`, 'file system operations are disabled'],
    [`SELECT * FROM glob('/etc/*')`, 'file system operations are disabled'],
    [`SELECT * FROM read_csv('https://example.com/a.csv')`, 'file system operations are disabled'],
    ['LOAD json', 'Loading external extensions is disabled'],
    [`LOAD '${path.join(dir, 'x.duckdb_extension')}'`, 'Loading external extensions is disabled'],
  ])('even SQL run past the engine cannot reach a file, URL or extension: %j', (sql, reason) => {
    expect(() => conn.query(sql)).toThrow(reason);
  });

  it('leaves everything the engine does working: tables, Arrow ingest, queries', async () => {
    await engine.loadRecords(recordsOf('orders', [{ at: 0, value: { status: 'PLACED' } }]), 'one');
    expect((await engine.query('SELECT status FROM orders')).rows).toEqual([['PLACED']]);
  });

  it('accepts a database already sandboxed (a second engine on the same bindings)', () => {
    expect(() => new Engine(db).close()).not.toThrow();
  });

  it('refuses a database locked without the sandbox, naming the setting', async () => {
    const other = (await createNodeBindings()).connect();
    other.query('SET lock_configuration = true');
    expect(() => sandboxDuckDB(other)).toThrow(
      /^DuckDB is not sandboxed: \w+ is true \(expected false\) and the configuration is locked$/,
    );
    other.close();
  });

  it('wrote no file', () => {
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(path.join(dir, 'export'))).toBe(false);
  });
});
