import { isWellFormed, toWellFormed } from './invalid-text.ts';

/**
 * The DuckDB table of each topic of a source. Kafka topic names are case-sensitive and DuckDB's
 * identifiers are not (`orders` and `ORDERS` would be one table), and a topic read from a
 * recording may hold text no table name can (a lone surrogate from a `\ud800` escape, a NUL). So
 * each topic gets a name of its own: the topic's name as it is, when it can be; text DuckDB
 * cannot hold replaced with U+FFFD; and ` (2)`, ` (3)`… after a name an earlier topic's table
 * already has, ignoring ASCII case as DuckDB does. The first topic of a name keeps it, so SQL
 * that names a topic reads its table.
 */
export class TableNames {
  private readonly byTopic = new Map<string, string>();
  /** table names taken, ASCII lower-cased */
  private readonly taken = new Set<string>();

  /** The table of `topic`, given it on first sight. */
  tableOf(topic: string): string {
    let table = this.byTopic.get(topic);
    if (table === undefined) {
      const base = storableName(topic);
      table = base;
      for (let n = 2; this.taken.has(foldCase(table)); n++) table = `${base} (${n})`;
      this.taken.add(foldCase(table));
      this.byTopic.set(topic, table);
    }
    return table;
  }

  /** Every topic and its table, topics in order of first sight. */
  entries(): Map<string, string> {
    return new Map(this.byTopic);
  }
}

/** The topic's name as DuckDB can hold it: lone surrogates and NUL become U+FFFD. */
export function storableName(topic: string): string {
  const name = isWellFormed(topic) ? topic : toWellFormed(topic);
  // A NUL ends DuckDB's quoted identifier early.
  return name.includes('\u0000') ? name.replaceAll('\u0000', '\ufffd') : name;
}

/** DuckDB compares identifiers ignoring the case of ASCII letters only (`É` ≠ `é`). */
function foldCase(name: string): string {
  return name.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
}
