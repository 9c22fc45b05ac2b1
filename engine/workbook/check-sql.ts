import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import { duckdbMessage, quoteIdent } from '../sql/sql.ts';
import { enclosedProblem, sqlTokens, type SqlLexing } from '../sql/sql-tokens.ts';
import { sqlTexts } from './check-workbook.ts';
import type { WorkbookSource } from './parse-workbook.ts';
import type { WorkbookIssue } from '../contract.ts';

/** The DuckDB calls these checks make: the tokenizer, the table-name extractor and prepare. */
export type SqlChecker = Pick<DuckDBConnection, 'useUnsafe' | 'getTableNames' | 'prepare'>;

/**
 * Checks every SQL text of a workbook on DuckDB before any of it runs (see `workbookSqlProblem`),
 * and returns the problems with the field's path and line.
 */
export function checkWorkbookSql(db: SqlChecker, source: WorkbookSource): WorkbookIssue[] {
  const issues = [];
  for (const { path, text, what } of sqlTexts(source.workbook)) {
    const problem = workbookSqlProblem(db, text, what);
    if (problem) issues.push({ path, message: `invalid SQL ${what}: ${problem}` });
  }
  return source.located(issues);
}

/**
 * Why DuckDB refuses a workbook's SQL text, or null. The compiled metrics splice each text inside
 * parentheses of a larger statement, so the text must stay inside them, as DuckDB's own lexer
 * reads it (any quoting, comments): read to its end, no `;`, parentheses balanced; and it must
 * read only what the replay has delivered (`scopeProblem`; an expression reads no table at all,
 * `tableReadProblem`). Then it is prepared alone — an expression as
 * `SELECT 1 FROM (<stand-in row>) WHERE (<expression>)`, a query as `WITH <stand-in tables> SELECT * FROM (<query>)` — which DuckDB parses and binds but
 * never runs, and refuses if the text holds more than one statement. The stand-ins give every
 * name the text uses a NULL column (and every table it reads a stand-in table), so that functions
 * are bound even before a source is loaded: reading a file or URL fails here, with DuckDB's
 * Permission Error. Only binder and catalog errors pass (names that the loaded source will
 * settle: a metric that does not bind is reported unavailable then, with DuckDB's reason).
 */
export function workbookSqlProblem(
  db: SqlChecker,
  text: string,
  what: 'expression' | 'query',
): string | null {
  const lexing = sqlTokens(db, text);
  const shape = enclosedProblem(lexing, what) ?? scopeProblem(lexing);
  if (shape) return shape;
  const columns = standInColumns(lexing);
  let probe: string;
  if (what === 'expression') {
    probe =
      columns === null
        ? `SELECT 1 WHERE (${text})`
        : `SELECT 1 FROM (SELECT ${columns}) AS stand_in WHERE (${text})`;
  } else {
    const query = `SELECT * FROM (${text})`;
    let tables: string[];
    try {
      tables = db.getTableNames(query);
    } catch (err) {
      const problem = refusal(err);
      if (problem) return ownParseProblem(db, text, what, problem);
      tables = [];
    }
    const row = columns === null ? 'NULL AS stand_in' : columns;
    const ctes = tables.map((t) => `${quoteIdent(t)} AS (SELECT ${row})`);
    probe = ctes.length === 0 ? query : `WITH ${ctes.join(', ')} ${query}`;
  }
  try {
    db.prepare(probe).close();
  } catch (err) {
    const problem = refusal(err);
    return problem === null ? null : ownParseProblem(db, text, what, problem);
  }
  return what === 'expression' ? tableReadProblem(db, probe) : null;
}

/** The catalogs and schemas of DuckDB's in-memory database: the qualifiers of a table's name. */
const QUALIFIERS = new Set([
  'memory',
  'system',
  'temp',
  'main',
  'information_schema',
  'pg_catalog',
]);

/** Table functions that take SQL or a table's name as a string, which no check can read. */
const FROM_STRINGS = new Set(['query', 'query_table']);

/**
 * Why `lexing` would read records the replay has not delivered yet, or null. Workbook SQL reads
 * a topic's table by its bare name, which the compiled query shadows with the records delivered
 * by the replay time (`deliveredScope`); qualified by its database or schema (`main.payments`,
 * `memory.main.payments`) the name is the whole table, later records included, and `query()` or
 * `query_table()` take the SQL or name from a string. A backtest would then know the future.
 */
function scopeProblem(lexing: SqlLexing): string | null {
  const { tokens } = lexing;
  for (let i = 0; i + 1 < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1]!;
    if ((token.kind !== 'identifier' && token.kind !== 'keyword') || next.kind !== 'operator') {
      continue;
    }
    const before = tokens[i - 1];
    if (before?.kind === 'operator' && before.head === '.') continue; // a field: x.main.y
    const name = token.head.toLowerCase();
    const at = `at character ${token.start + 1}`;
    if (next.head === '.' && QUALIFIERS.has(name)) {
      const parts = [name];
      for (let j = i + 1; tokens[j]?.kind === 'operator' && tokens[j]!.head === '.'; j += 2) {
        const part = tokens[j + 1];
        if (!part || (part.kind !== 'identifier' && part.kind !== 'keyword')) break;
        parts.push(part.head);
      }
      const table = parts.find((p) => !QUALIFIERS.has(p.toLowerCase()));
      const bare = table === undefined ? 'its bare name' : `its bare name ("${table}")`;
      return (
        `"${parts.join('.')}" ${at} names a whole table, records not delivered by the replay ` +
        `time included: read a topic by ${bare}, which holds only those delivered (an alias or ` +
        `field called "${name}" needs another name)`
      );
    }
    if (next.head === '(' && FROM_STRINGS.has(name)) {
      return (
        `${name}() ${at}: reads SQL or a table name from a string, which cannot be held to the ` +
        'records delivered by the replay time; name the topic tables in the query itself'
      );
    }
  }
  return null;
}

/**
 * An expression works on one record's fields; a subquery reading a table in it would read the
 * whole table, records not delivered yet included (only raw SQL's tables are shadowed).
 */
function tableReadProblem(db: SqlChecker, probe: string): string | null {
  let tables: string[];
  try {
    tables = db.getTableNames(probe);
  } catch {
    return null;
  }
  if (tables.length === 0) return null;
  return (
    `reads ${tables.map((t) => `"${t}"`).join(', ')}: an expression works on one record's ` +
    'fields and reads no table, which would hold records not delivered by the replay time ' +
    '(combine topics in a metric of kind sql)'
  );
}

/**
 * A parser error may name the probe's own closing parenthesis (`at or near ")"`): the text
 * alone (one balanced statement or expression, checked above) is parsed again so the reason is
 * about what was written. Other problems stay as they are.
 */
function ownParseProblem(
  db: SqlChecker,
  text: string,
  what: 'expression' | 'query',
  problem: string,
): string {
  if (!/^Parser Error/i.test(problem)) return problem;
  try {
    db.prepare(what === 'expression' ? `SELECT 1 WHERE ${text}` : text).close();
    return problem;
  } catch (err) {
    return refusal(err) ?? problem;
  }
}

/** DuckDB's reason as an issue, or null for the errors a loaded source may settle. */
function refusal(err: unknown): string | null {
  const message = duckdbMessage(err).split('\n')[0]!;
  const extension = /^Extension Autoloading Error:.*extension '([^']+)'/i.exec(message)?.[1];
  if (extension === 'icu') {
    return (
      "needs DuckDB's ICU extension (time zones: TIMESTAMP WITH TIME ZONE, which to_timestamp " +
      'returns), and Tapedeck loads no extension: it never fetches anything. Use a plain ' +
      "TIMESTAMP instead, e.g. time_bucket(INTERVAL '1 minute', make_timestamp(_ts * 1000)), " +
      'or epoch arithmetic on _ts'
    );
  }
  if (extension !== undefined) {
    return `needs DuckDB's ${extension} extension, and Tapedeck loads no extension: it never fetches anything`;
  }
  return /^(Binder|Catalog) Error/i.test(message) ? null : message;
}

/** `NULL AS "<name>", …` for every name in the text (case-insensitively once), or null. */
function standInColumns(lexing: SqlLexing): string | null {
  const names = new Map<string, string>();
  for (const t of lexing.tokens) {
    if ((t.kind === 'identifier' || t.kind === 'keyword') && t.head !== '') {
      if (!names.has(t.head.toLowerCase())) names.set(t.head.toLowerCase(), t.head);
    }
  }
  if (names.size === 0) return null;
  return [...names.values()].map((n) => `NULL AS ${quoteIdent(n)}`).join(', ');
}
