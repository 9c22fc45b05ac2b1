import type { Table } from 'apache-arrow';
import type { QueryResult } from '../contract.ts';

const ALLOWED_FIRST = new Set([
  'select',
  'with',
  'from',
  'values',
  'describe',
  'summarize',
  'explain',
  'show',
  'pragma',
]);

/** Words that change state; refused anywhere outside strings, quoted names and comments. */
const FORBIDDEN = new Set([
  'insert',
  'update',
  'delete',
  'create',
  'drop',
  'alter',
  'copy',
  'attach',
  'detach',
  'install',
  'load',
  'set',
  'reset',
  'call',
  'export',
  'import',
  'vacuum',
  'checkpoint',
  'truncate',
  'merge',
  'use',
  'begin',
  'commit',
  'rollback',
]);

const READ_ONLY_PRAGMAS = new Set(['table_info', 'show_tables', 'show_tables_expanded']);

/**
 * Checks that `sql` is one read-only statement (SELECT, WITH, FROM, VALUES, DESCRIBE, SUMMARIZE,
 * EXPLAIN, SHOW, or PRAGMA table_info/show_tables) and throws an Error naming the reason if not.
 * Words are read outside string literals, quoted identifiers and comments.
 */
export function assertReadOnly(sql: string): void {
  const words = sqlWords(sql);
  const first = words[0];
  if (first === undefined) throw new Error('empty statement');
  if (words.includes(';')) throw new Error('only one statement is allowed');
  if (!ALLOWED_FIRST.has(first)) {
    throw new Error(`only read-only statements are allowed, not ${first.toUpperCase()}`);
  }
  if (first === 'pragma' && !READ_ONLY_PRAGMAS.has(words[1] ?? '')) {
    throw new Error(`only PRAGMA ${[...READ_ONLY_PRAGMAS].join('/')} is allowed`);
  }
  const bad = words.find((w) => FORBIDDEN.has(w));
  if (bad) throw new Error(`only read-only statements are allowed: found ${bad.toUpperCase()}`);
}

/** Lower-cased bare words and `;` separators of `sql` (a `;` only at the very end is dropped). */
function sqlWords(sql: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const close = sql.indexOf(c, i + 1);
      if (close === -1) throw new Error(`unterminated ${c === "'" ? 'string' : 'quoted name'}`);
      i = close + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol === -1 ? sql.length : eol + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close === -1 ? sql.length : close + 2;
    } else if (c === ';') {
      words.push(';');
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i))!;
      words.push(match[0].toLowerCase());
      i += match[0].length;
    } else {
      i++;
    }
  }
  while (words[words.length - 1] === ';') words.pop();
  return words;
}

/** Rows of an Arrow result as plain values: bigint → number when safe, else its decimal text. */
export function toQueryResult(table: Table): QueryResult {
  const columns = table.schema.fields.map((f) => f.name);
  const vectors = columns.map((_, i) => table.getChildAt(i)!);
  const rows: unknown[][] = [];
  for (let r = 0; r < table.numRows; r++) rows.push(vectors.map((v) => plain(v.get(r))));
  return { columns, rows };
}

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : String(value);
  }
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return Array.from(value);
  if ('toArray' in value && typeof value.toArray === 'function') {
    return Array.from(value.toArray() as ArrayLike<unknown>, plain);
  }
  if ('toJSON' in value && typeof value.toJSON === 'function') {
    const json = value.toJSON() as Record<string, unknown>;
    return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}
