/** Quotes a DuckDB identifier (topic names have dashes and dots): `orders-rejected` → `"orders-rejected"`. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a DuckDB string literal. */
export function quoteString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A finite number as a SQL literal; fails at once on NaN or ±Infinity, which would not parse. */
export function sqlNumber(value: number, what: string): string {
  if (!Number.isFinite(value))
    throw new Error(`invalid ${what}: ${value} (expected a finite number)`);
  return String(value);
}

/**
 * The readable part of an error thrown by the DuckDB-WASM bindings. They throw `Error`s whose
 * message is JSON (`{"exception_type":"Binder","exception_message":"…"}`); this makes it
 * `Binder Error: …`, and leaves any other message alone.
 */
export function duckdbMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (!message.startsWith('{')) return message;
  try {
    const parsed = JSON.parse(message) as { exception_type?: unknown; exception_message?: unknown };
    if (typeof parsed.exception_message !== 'string') return message;
    const type =
      typeof parsed.exception_type === 'string' ? `${parsed.exception_type} Error: ` : '';
    return `${type}${parsed.exception_message}`;
  } catch {
    return message;
  }
}

/** Wraps any error as an Error whose message starts with `context` (the input that failed). */
export function errorIn(context: string, err: unknown): Error {
  return new Error(`${context}: ${duckdbMessage(err)}`, { cause: err });
}
