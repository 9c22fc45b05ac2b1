import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';

/** Token kinds of DuckDB's tokenizer, in the order of duckdb-wasm's `TokenType`. */
const KINDS = ['identifier', 'number', 'string', 'operator', 'keyword', 'comment'] as const;

/** One token as DuckDB's lexer reads it. */
export interface SqlToken {
  kind: (typeof KINDS)[number];
  /** index of its first character in the text */
  start: number;
  /**
   * a keyword's word in lower case; an identifier's name (a bare one in lower case, a quoted one
   * as written, unquoted); an operator's first character; '' for the others
   */
  head: string;
}

/** The tokens of a text and whether DuckDB's lexer read it to the end. */
export interface SqlLexing {
  tokens: SqlToken[];
  /**
   * false when the text ends inside a string, a quoted name, a dollar-quoted string or a
   * comment (text spliced before anything else would swallow it)
   */
  complete: boolean;
}

/** What tokenizing needs: DuckDB-WASM's bindings, reached through a connection. */
export type Tokenizer = Pick<DuckDBConnection, 'useUnsafe'>;

/**
 * `text` as DuckDB's own lexer — the parser's scanner, not a copy of it — reads it: strings in
 * any quoting ('…', E'…', $$…$$, $tag$…$tag$), quoted names and comments are understood
 * exactly as DuckDB will understand them. Comments are skipped, as the parser skips them.
 */
export function sqlTokens(db: Tokenizer, text: string): SqlLexing {
  // A sentinel after a space shows whether the lexer is back to plain SQL at the end.
  const probe = `${text} )`;
  const raw = db.useUnsafe((bindings) => bindings.tokenize(probe));
  const starts = charIndexes(probe, raw.offsets);
  const tokens = starts.map((start, i): SqlToken => ({
    kind: KINDS[raw.types[i]!] ?? 'operator',
    start,
    head: headOf(probe, start, KINDS[raw.types[i]!]),
  }));
  const last = tokens[tokens.length - 1];
  const complete = last !== undefined && last.start === text.length + 1 && last.head === ')';
  return { tokens: tokens.filter((t) => t.start < text.length), complete };
}

/**
 * Why `lexing` cannot sit alone inside the parentheses of a larger statement, or null: it must
 * be read to its end, hold something, have no `;` (which would end the statement) and close
 * every parenthesis it opens without closing one it did not open.
 */
export function enclosedProblem(lexing: SqlLexing, what: string): string | null {
  if (!lexing.complete) {
    return 'unterminated string, quoted name or comment at the end (DuckDB cannot read it to the end)';
  }
  if (lexing.tokens.length === 0) return `empty ${what}`;
  let depth = 0;
  for (const token of lexing.tokens) {
    if (token.kind !== 'operator') continue;
    const at = `at character ${token.start + 1}`;
    if (token.head === ';') return `";" ${at}: ${article(what)} is one statement, without ";"`;
    if (token.head === '(') depth++;
    if (token.head === ')' && --depth < 0) return `unbalanced ")" ${at}`;
  }
  return depth > 0 ? `${depth} unclosed "("` : null;
}

function article(what: string): string {
  return /^[aeiou]/i.test(what) ? `an ${what}` : `a ${what}`;
}

function headOf(text: string, start: number, kind: SqlToken['kind'] | undefined): string {
  if (kind === 'operator') return text[start] ?? '';
  if (kind === 'identifier' && text[start] === '"') {
    const close = /^"((?:[^"]|"")*)"/.exec(text.slice(start));
    return close ? close[1]!.replaceAll('""', '"') : '';
  }
  if (kind === 'keyword' || kind === 'identifier') {
    return (/^[\p{L}_][\p{L}\p{N}_$]*/u.exec(text.slice(start))?.[0] ?? '').toLowerCase();
  }
  return '';
}

/** DuckDB reports UTF-8 byte offsets; these are the matching indexes into the JS string. */
function charIndexes(text: string, byteOffsets: readonly number[]): number[] {
  const out: number[] = [];
  let byte = 0;
  let i = 0;
  for (const target of byteOffsets) {
    while (byte < target && i < text.length) {
      const cp = text.codePointAt(i)!;
      byte += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      i += cp > 0xffff ? 2 : 1;
    }
    out.push(i);
  }
  return out;
}
