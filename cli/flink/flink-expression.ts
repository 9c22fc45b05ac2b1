/**
 * A workbook SQL expression (`filter`, `expr`: DuckDB's dialect) rewritten for Flink SQL: each
 * field name is quoted with backticks (Flink names are case-sensitive and `timestamp`, `value`
 * are reserved there), `"name"` becomes `` `name` ``, strings, numbers, operators and function
 * calls pass through. What has no Flink counterpart is refused with the reason rather than
 * guessed at.
 */

/** Words that are SQL syntax inside an expression, never fields. */
const KEYWORDS = new Set(
  'AND OR NOT IN IS NULL TRUE FALSE CASE WHEN THEN ELSE END AS LIKE BETWEEN DISTINCT SIMILAR ESCAPE'.split(
    ' ',
  ),
);

/**
 * Type and unit names: syntax after `AS` (a CAST), before a string (`TIMESTAMP '…'`) or after
 * one (`INTERVAL '1' SECOND`); elsewhere a field of that name (`timestamp`).
 */
const TYPES = new Set(
  (
    'DOUBLE VARCHAR STRING BIGINT INT INTEGER BOOLEAN DECIMAL FLOAT REAL SMALLINT TINYINT DATE ' +
    'TIME TIMESTAMP INTERVAL PRECISION CHAR SECOND MINUTE HOUR DAY'
  ).split(' '),
);

/** Tapedeck's meta columns that a Flink source table can carry, with their Flink type. */
export const FLINK_META_COLUMNS: Readonly<Record<string, string>> = {
  _key: 'STRING',
  _partition: 'INT',
  _offset: 'BIGINT',
};

export type TranslatedExpression =
  { ok: true; sql: string; fields: string[]; numeric: string[] } | { ok: false; reason: string };

/** Rewrites one expression; `fields` are the names it reads, in order of first use. */
export function flinkExpression(text: string): TranslatedExpression {
  let out = '';
  const fields: string[] = [];
  const use = (name: string): string | null => {
    if (name.startsWith('_') && !(name in FLINK_META_COLUMNS)) {
      return `reads the meta column ${name}, which a Flink Kafka table does not have`;
    }
    if (!fields.includes(name)) fields.push(name);
    out += quoteName(name);
    return null;
  };
  // the last token: 'as' (the keyword AS), 'string', or 'other'
  let prev: 'as' | 'string' | 'other' = 'other';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      out += c;
      continue;
    }
    const before = prev;
    prev = 'other';
    if (c === "'") {
      prev = 'string';
      const end = closing(text, i, "'");
      if (end < 0) return { ok: false, reason: `unterminated string in ${JSON.stringify(text)}` };
      out += text.slice(i, end + 1);
      i = end;
    } else if (c === '"') {
      const end = closing(text, i, '"');
      if (end < 0) return { ok: false, reason: `unterminated name in ${JSON.stringify(text)}` };
      const problem = use(text.slice(i + 1, end).replaceAll('""', '"'));
      if (problem) return { ok: false, reason: problem };
      i = end;
    } else if (c === ':' && text[i + 1] === ':') {
      return { ok: false, reason: `uses DuckDB's "::" cast, which Flink SQL lacks (write CAST)` };
    } else if (/[\p{L}_]/u.test(c)) {
      let end = i;
      while (/[\p{L}\p{N}_$]/u.test(text[end + 1] ?? '')) end++;
      const word = text.slice(i, end + 1);
      const next = /^\s*(.)/.exec(text.slice(end + 1))?.[1];
      const upper = word.toUpperCase();
      if (upper === 'AS') prev = 'as';
      const isType = TYPES.has(upper) && (before !== 'other' || next === "'");
      if (next === '(' || KEYWORDS.has(upper) || isType) {
        out += word;
      } else {
        const problem = use(word);
        if (problem) return { ok: false, reason: problem };
      }
      i = end;
    } else if (/\d/.test(c)) {
      let end = i;
      while (/[\d.eE]/.test(text[end + 1] ?? '')) end++;
      out += text.slice(i, end + 1);
      i = end;
    } else {
      out += c;
    }
  }
  return { ok: true, sql: out, fields, numeric: comparedWithNumbers(out) };
}

/**
 * Fields compared with a number (`latencyMs > 1000`): Flink does not compare a STRING with a
 * number, so their columns are declared DOUBLE (a value that is not a number reads as NULL).
 */
function comparedWithNumbers(sql: string): string[] {
  const op = '(?:<=|>=|<>|!=|=|<|>)';
  const name = '`((?:[^`]|``)+)`';
  const found = new Set<string>();
  for (const m of sql.matchAll(new RegExp(`${name}\\s*${op}\\s*[-+]?\\d`, 'g'))) found.add(m[1]!);
  for (const m of sql.matchAll(new RegExp(`\\d\\s*${op}\\s*${name}`, 'g'))) found.add(m[1]!);
  return [...found].map((n) => n.replaceAll('``', '`'));
}

/** A Flink identifier in backticks (a backtick inside is doubled). */
export function quoteName(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/** A Flink string literal. */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function closing(text: string, open: number, quote: string): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] !== quote) continue;
    if (text[i + 1] === quote) i++;
    else return i;
  }
  return -1;
}
