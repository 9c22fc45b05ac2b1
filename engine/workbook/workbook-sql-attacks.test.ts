import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { createNodeBindings, createNodeEngine } from '../node.ts';
import { sandboxDuckDB } from '../sql/sandbox.ts';
import { recordsOf } from '../testing/test-records.ts';
import { workbookSqlProblem } from './check-sql.ts';

// Every attack names files in this directory, one unique name straight in the temp directory
// and one relative to the working directory; the suite ends by checking that none exists.
const dir = mkdtempSync(path.join(tmpdir(), 'tapedeck-workbook-attack-'));
const loose = path.join(tmpdir(), `tapedeck-pwned-${process.pid}-${Date.now()}.sh`);
const relative = `tapedeck-pwned-${process.pid}-${Date.now()}.csv`;
const secret = path.join(dir, 'secret.txt');
writeFileSync(secret, 'the secret\n');
const at = (name: string) => path.join(dir, name);

type Field = 'filter' | 'expr' | 'bad' | 'sql';

/** A workbook whose only SQL text is `text`, in `field`, always on line 7. */
function workbookWith(field: Field, text: string): { yaml: string; path: string } {
  const value = JSON.stringify(text);
  const head = {
    filter: ['metrics:', '  - id: m', '    kind: count', '    topic: orders', '    window: 1m'],
    expr: ['metrics:', '  - id: m', '    kind: max', '    topic: orders', '    window: 1m'],
    sql: ['metrics:', '  - id: m', '    kind: sql', '    window: 1m', '    label: m'],
    bad: ['slis:', '  - id: s', '    topic: orders', '    objective: 99%', '    period: 30d'],
  }[field];
  const yaml = ['name: attack', ...head, `    ${field}: ${value}`, ''].join('\n');
  return { yaml, path: field === 'bad' ? 'slis[0].bad' : `metrics[0].${field}` };
}

/** Attacks on a spliced expression: each must be refused at load, before any of it runs. */
const EXPRESSION_ATTACKS: [string, string][] = [
  [
    'the issue: $$ dollar quoting hides a COPY',
    `$$'$$); COPY (SELECT 'echo pwned' AS l) TO '${loose}' (HEADER false, QUOTE ''); SELECT ($$'$$`,
  ],
  ['tagged dollar quoting', `$t$'$t$); COPY (SELECT 1) TO '${at('tag.csv')}'; SELECT ($t$'$t$`],
  ['dollar quoting hides an ATTACH', `$$'$$); ATTACH '${at('a.db')}' AS a; SELECT ($$'$$`],
  ['dollar quoting hides a DROP TABLE', `$$'$$); DROP TABLE orders; SELECT ($$'$$`],
  ['an E-string escape', `E'\\''); COPY orders TO '${at('e.csv')}'; SELECT ('`],
  ['a doubled quote', `'it''s'); COPY orders TO '${at('q.csv')}'; SELECT ('x'`],
  ['a line comment eats the rest', `TRUE); COPY orders TO '${at('c.csv')}' --`],
  ['a block comment', `TRUE /* ) ; COPY orders TO '${at('b.csv')}'; SELECT ( */`],
  ['mixed case', `TrUe); cOpY orders To '${at('k.csv')}'; SeLeCt (1`],
  ['two statements', `1; SELECT 2`],
  ['a relative path', `1); COPY orders TO '${relative}'; SELECT (1`],
  ['COPY as an expression', `(COPY orders TO '${at('x.csv')}')`],
  ['EXPORT DATABASE', `1); EXPORT DATABASE '${at('export')}'; SELECT (1`],
  ['INSTALL and LOAD', `1); INSTALL json; LOAD json; SELECT (1`],
  ['SET', `1); SET enable_external_access = true; SELECT (1`],
  ['PRAGMA', `1); PRAGMA enable_profiling; SELECT (1`],
  ['CALL', `1); CALL checkpoint(); SELECT (1`],
  ['read_text', `content IN (SELECT content FROM read_text('${secret}'))`],
  ['read_csv', `EXISTS (SELECT * FROM read_csv('${secret}'))`],
  ['read_blob', `(SELECT content FROM read_blob('${secret}')) IS NOT NULL`],
  ['glob', `EXISTS (FROM glob('${dir}/*'))`],
  ['query() running a COPY', `EXISTS (FROM query('COPY orders TO ''${at('q2.csv')}'''))`],
  ['query() reading a file', `EXISTS (FROM query('SELECT * FROM read_text(''${secret}'')'))`],
  ['query_table() of a file', `EXISTS (FROM query_table('${at('secret.csv')}'))`],
  ['a file path as a table', `EXISTS (FROM '${at('data.csv')}')`],
  ['a URL', `EXISTS (FROM read_csv('https://example.com/data.csv'))`],
];

/** Attacks on a workbook query (a `sql` metric). */
const QUERY_ATTACKS: [string, string][] = [
  [
    'read_text as the dimension',
    `SELECT 0 AS window_start, content AS dimension, 1 AS value FROM read_text('${secret}')`,
  ],
  [
    'read_text beside a topic',
    `SELECT _ts AS window_start, 1 AS value FROM orders, read_text('${secret}')`,
  ],
  ['escaping the parentheses', `SELECT 1) ; COPY orders TO '${at('m.csv')}'; SELECT (1`],
  ['dollar quoting', `SELECT $$'$$); COPY orders TO '${loose}'; SELECT ($$'$$`],
  ['a COPY statement', `COPY orders TO '${at('m.csv')}'`],
  ['an ATTACH statement', `ATTACH '${at('m.db')}' AS m`],
  ['a DELETE behind WITH', `WITH x AS (SELECT 1) DELETE FROM orders`],
  ['two statements', `SELECT 1 AS window_start, 1 AS value; DROP TABLE orders`],
];

let engine: Engine;
let conn: DuckDBConnection;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.loadRecords(
    recordsOf('orders', [{ at: 0, value: { status: 'PLACED', content: 'x' } }]),
    'one order',
  );
  conn = (await createNodeBindings()).connect();
  sandboxDuckDB(conn);
});
afterAll(() => {
  conn.close();
  engine.close();
  rmSync(dir, { recursive: true, force: true });
});

async function refusal(field: Field, text: string) {
  const wb = workbookWith(field, text);
  const summary = await engine.loadWorkbook(wb.yaml, 'attack.yaml');
  return { summary, expected: { path: wb.path, line: 7 } };
}

describe('a workbook cannot touch anything outside the loaded tables', () => {
  it.each(EXPRESSION_ATTACKS)(
    'a filter with %s is refused, naming the field and line',
    async (_, text) => {
      const { summary, expected } = await refusal('filter', text);
      expect(summary.accepted).toBe(false);
      expect(summary.issues).toEqual([
        { ...expected, message: expect.stringMatching(/^invalid SQL expression: /) },
      ]);
    },
  );

  it.each(EXPRESSION_ATTACKS.slice(0, 6))('an expr with %s is refused', async (_, text) => {
    const { summary, expected } = await refusal('expr', text);
    expect(summary.issues).toEqual([{ ...expected, message: expect.any(String) }]);
  });

  it.each(EXPRESSION_ATTACKS.slice(0, 6))("an SLI's bad with %s is refused", async (_, text) => {
    const { summary, expected } = await refusal('bad', text);
    expect(summary.issues).toEqual([{ ...expected, message: expect.any(String) }]);
  });

  it.each(QUERY_ATTACKS)(
    'a sql metric with %s is refused, naming the field and line',
    async (_, text) => {
      const { summary, expected } = await refusal('sql', text);
      expect(summary.accepted).toBe(false);
      expect(summary.issues).toEqual([
        { ...expected, message: expect.stringMatching(/^invalid SQL query: /) },
      ]);
    },
  );

  it('names the reason: dollar quoting, DuckDB refusing a file', async () => {
    const dollar = await refusal('filter', EXPRESSION_ATTACKS[0]![1]);
    expect(dollar.summary.issues[0]!.message).toBe(
      `invalid SQL expression: "$" at character 1: dollar quoting and parameters are not allowed in a workbook expression (write strings as '…', names as "…")`,
    );
    const file = await refusal('sql', QUERY_ATTACKS[0]![1]);
    expect(file.summary.issues[0]!.message).toBe(
      `invalid SQL query: Permission Error: Cannot access file "${secret}" - file system operations are disabled by configuration`,
    );
  });

  it('left the loaded tables and the active workbook as they were', async () => {
    expect((await engine.query('SELECT count(*) FROM orders')).rows).toEqual([[1]]);
    expect(await engine.getWorkbook()).not.toContain('attack');
  });
});

/**
 * Reads past the replay time: a topic's bare name holds the records delivered by then, so a
 * backtest knows only what the rule would have known; each of these names the whole table.
 */
const FUTURE_READS: [Field, string, RegExp][] = [
  [
    'sql',
    'SELECT _ts AS window_start, 1 AS value FROM main.orders',
    /"main\.orders" at character 45 names a whole table.*bare name \("orders"\)/,
  ],
  [
    'sql',
    'SELECT _ts AS window_start, 1 AS value FROM memory.main.orders',
    /"memory\.main\.orders"/,
  ],
  ['sql', 'SELECT _ts AS window_start, 1 AS value FROM "main"."orders"', /"main\.orders"/],
  ['sql', 'SELECT _ts AS window_start, 1 AS value FROM MEMORY . orders', /"memory\.orders"/],
  [
    'sql',
    'SELECT o._ts AS window_start, 1 AS value FROM orders o JOIN main.orders p ON o._seq = p._seq',
    /"main\.orders"/,
  ],
  [
    'sql',
    "SELECT _ts AS window_start, 1 AS value FROM query('SELECT * FROM main.orders')",
    /^invalid SQL query: query\(\) at character 45: reads SQL or a table name from a string/,
  ],
  ['sql', "SELECT _ts AS window_start, 1 AS value FROM query_table('orders')", /query_table\(\)/],
  [
    'filter',
    'status IN (SELECT status FROM orders)',
    /^invalid SQL expression: reads "orders": an expression works on one record's fields/,
  ],
  ['filter', 'EXISTS (FROM main.orders)', /"main\.orders"/],
  ['bad', '_ts < (SELECT max(_ts) FROM orders)', /reads "orders"/],
];

describe('a workbook cannot read records the replay has not delivered', () => {
  it.each(FUTURE_READS)(
    '%s: %s is refused, naming the field, line and reason',
    async (field, text, reason) => {
      const { summary, expected } = await refusal(field, text);
      expect(summary.accepted).toBe(false);
      expect(summary.issues).toEqual([{ ...expected, message: expect.stringMatching(reason) }]);
    },
  );

  it('passes a topic read by its bare name, an alias, a field path and a table function', () => {
    for (const text of [
      'SELECT o._ts AS window_start, count(*) AS value FROM orders AS o GROUP BY 1',
      'SELECT t AS window_start, 1 AS value FROM range(3) AS r(t)',
      'SELECT _ts AS window_start, content.main AS value FROM orders',
    ]) {
      expect([text, workbookSqlProblem(conn, text, 'query')]).toEqual([text, null]);
    }
    expect(
      workbookSqlProblem(conn, "status = 'PLACED' AND content.main IS NULL", 'expression'),
    ).toBeNull();
  });
});

describe("DuckDB's own check refuses them too, without the offline check in front", () => {
  const harmless = new Set(['a block comment']);
  it.each(EXPRESSION_ATTACKS.filter(([name]) => !harmless.has(name)))(
    'expression: %s',
    (_, text) => {
      expect(workbookSqlProblem(conn, text, 'expression')).not.toBeNull();
    },
  );

  it.each(QUERY_ATTACKS)('query: %s', (_, text) => {
    expect(workbookSqlProblem(conn, text, 'query')).not.toBeNull();
  });

  it('names what DuckDB reads: the parenthesis a dollar-quoted string does not hide', () => {
    expect(workbookSqlProblem(conn, EXPRESSION_ATTACKS[0]![1], 'expression')).toBe(
      'unbalanced ")" at character 6',
    );
    expect(workbookSqlProblem(conn, `TRUE) --`, 'expression')).toMatch(/^unterminated/);
  });

  it('a comment inside a text stays inside it: harmless to DuckDB (the offline check refuses it)', () => {
    expect(
      workbookSqlProblem(conn, `TRUE /* ) ; COPY orders TO 'x'; SELECT ( */`, 'expression'),
    ).toBeNull();
  });

  it('passes ordinary SQL, in any quoting DuckDB understands', () => {
    for (const text of [
      "status = 'REJECTED' AND amount > 10",
      "status IN ('A', 'B') AND (x > 0)",
      "name = 'it''s; (not) -- code'",
      "note = $$it's; ) -- fine$$ OR note = $q$)$q$",
      "note = E'it\\'s'",
      '"odd "" name" > 1',
      'city = \'Zürich\' AND "straße" > 0',
    ]) {
      expect([text, workbookSqlProblem(conn, text, 'expression')]).toEqual([text, null]);
    }
    expect(
      workbookSqlProblem(
        conn,
        'SELECT _ts - _ts % 60000 AS window_start, count(*) AS value FROM "orders-rejected" GROUP BY 1',
        'query',
      ),
    ).toBeNull();
  });
});

describe('no file appeared', () => {
  it('in the attack directory, in the temp directory or in the working directory', () => {
    expect(readdirSync(dir)).toEqual(['secret.txt']);
    expect(existsSync(loose)).toBe(false);
    expect(existsSync(relative)).toBe(false);
  });
});
