/**
 * A first, offline check of a workbook's SQL text before DuckDB sees it: an expression
 * (`filter`, `expr`, an SLI's `bad`) is spliced into a larger query inside parentheses, so it
 * must not close them early, end the statement or comment out the rest. DuckDB then checks
 * the syntax (`EXPLAIN`, see `checkWorkbookSql`). Returns the reason, or null when it passes.
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
