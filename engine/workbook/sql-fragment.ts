/**
 * A first, offline check of a workbook's SQL text, for clear messages where no DuckDB is at hand
 * (the app's editor): a text (`filter`, `expr`, an SLI's `bad`, a query) is spliced into a larger
 * statement inside parentheses, so it must not close them early, end the statement or comment
 * out the rest. It reads only '…' strings and "…" names, so it refuses the quoting it cannot
 * follow ($$…$$, $tag$…$tag$, E'…'). It is not the guard: DuckDB's own lexer and parser check
 * every text again before any of it runs (see `checkWorkbookSql`), and DuckDB's settings keep
 * all SQL away from files (see `sandboxDuckDB`). Returns the reason, or null when it passes.
 */
export function sqlFragmentProblem(text: string, what: 'expression' | 'query'): string | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const close = closingQuote(text, i);
      if (close < 0)
        return `unterminated ${c === "'" ? 'string' : 'quoted name'} at character ${i + 1}`;
      i = close;
    } else if (c === '$') {
      return `"$" at character ${i + 1}: dollar quoting and parameters are not allowed in a workbook ${what} (write strings as '…', names as "…")`;
    } else if ((c === 'E' || c === 'e') && text[i + 1] === "'") {
      return `E'…' at character ${i + 1}: escape strings are not allowed in a workbook ${what} (write strings as '…', a quote doubled)`;
    } else if (/[\p{L}_]/u.test(c)) {
      // A whole word, so that only an E starting one can begin an escape string.
      while (/[\p{L}\p{N}_]/u.test(text[i + 1] ?? '')) i++;
    } else if (c === ';') {
      return `";" at character ${i + 1}: ${what === 'query' ? 'a query' : 'an expression'} is one statement, without ";"`;
    } else if ((c === '-' && text[i + 1] === '-') || (c === '/' && text[i + 1] === '*')) {
      return `comment at character ${i + 1}: comments are not allowed in a workbook ${what}`;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
      if (depth < 0) return `unbalanced ")" at character ${i + 1}`;
    }
  }
  if (depth > 0) return `${depth} unclosed "("`;
  if (text.trim() === '') return `empty ${what}`;
  return null;
}

/** Index of the quote closing the one at `open` (a doubled quote is an escaped one), or -1. */
function closingQuote(text: string, open: number): number {
  const quote = text[open]!;
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] !== quote) continue;
    if (text[i + 1] === quote) i++;
    else return i;
  }
  return -1;
}
