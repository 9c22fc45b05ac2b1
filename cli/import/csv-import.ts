import { parse } from 'csv-parse/sync';
import type { Incident, KafkaRecord } from '../../formats/index.ts';

/** A CSV row that did not become a record: its 1-based line and why. */
export interface SkippedRow {
  line: number;
  reason: string;
}

/** A CSV file as records: one per data row, in file order, offsets 0, 1, 2, … */
export interface CsvImport {
  records: KafkaRecord[];
  /** the header's column names */
  columns: string[];
  /** data rows read (blank lines are not rows) */
  rows: number;
  /** rows left out, each with its line and reason: every row is a record or one of these */
  skipped: SkippedRow[];
}

/** What `importCsv` needs besides the text. */
export interface CsvImportOptions {
  /** names the file in errors */
  file: string;
  topic: string;
  /** the column holding each row's time */
  timeColumn: string;
}

/**
 * Reads a time: ISO 8601 (`2014-02-14T14:30:00Z`), NAB's `YYYY-MM-DD HH:MM:SS[.ffffff]` (UTC),
 * or whole ms since the epoch. NaN when it is none of these.
 */
export function parseCsvTime(text: string): number {
  const t = text.trim();
  if (/^\d{10,16}$/.test(t)) return Number(t);
  const nab = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)\d*$/.exec(t);
  if (nab) return Date.parse(`${nab[1]}T${nab[2]}Z`);
  return /^\d{4}-\d{2}-\d{2}T/.test(t) ? Date.parse(t) : Number.NaN;
}

/** A cell as JSON: a finite number when it reads as one, else the text; empty cells are null. */
function cell(text: string): number | string | null {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) && /^[-+]?(\d|\.\d)/.test(t) ? n : text;
}

/**
 * A CSV file (a header line, then one row per line; quoted fields as RFC 4180) as Kafka
 * records: each row one record of `topic`, partition 0, offsets in row order, its time from
 * `timeColumn` and its value the JSON object of the other columns (numbers as numbers, empty
 * cells null). A row with another number of fields than the header, or a time that does not
 * read, is skipped and listed with its line. Throws, naming the file, when the text is not
 * CSV (an unclosed quote), has no header, or the header lacks `timeColumn`.
 */
export function importCsv(text: string, options: CsvImportOptions): CsvImport {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, {
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      bom: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    throw new Error(`${options.file}: not CSV: ${e.message ?? String(err)}`, { cause: err });
  }
  const header = rows.shift();
  if (!header) throw new Error(`${options.file}: empty: no header line`);
  const columns = header.record.map((c) => c.trim());
  const timeAt = columns.indexOf(options.timeColumn);
  if (timeAt < 0) {
    throw new Error(
      `${options.file}: no column "${options.timeColumn}" for the time (columns: ${columns.join(', ')}); give --time-column`,
    );
  }
  const records: KafkaRecord[] = [];
  const skipped: SkippedRow[] = [];
  for (const { record, info } of rows) {
    const line = info.lines;
    if (record.length !== columns.length) {
      skipped.push({ line, reason: `${record.length} fields, the header has ${columns.length}` });
      continue;
    }
    const time = parseCsvTime(record[timeAt]!);
    if (!Number.isFinite(time)) {
      skipped.push({ line, reason: `time ${JSON.stringify(record[timeAt])} does not read` });
      continue;
    }
    const value: Record<string, number | string | null> = {};
    columns.forEach((c, i) => {
      if (i !== timeAt) value[c] = cell(record[i]!);
    });
    records.push({
      topic: options.topic,
      partition: 0,
      offset: BigInt(records.length),
      timestamp: time,
      key: null,
      headers: [],
      value: JSON.stringify(value),
    });
  }
  return { records, columns, rows: rows.length, skipped };
}

/**
 * NAB's labelled windows (`labels/combined_windows.json`: `{"<category>/<file>.csv": [[start,
 * end], …]}`) for the data file `file` (matched by its name) as incidents of kind `anomaly`.
 * NAB's windows include their last timestamp, so each incident ends 1 ms after it. Throws,
 * naming the windows file, when it is not that shape or does not list the data file.
 */
export function nabWindowIncidents(
  windowsText: string,
  windowsFile: string,
  file: string,
): Incident[] {
  let windows: unknown;
  try {
    windows = JSON.parse(windowsText);
  } catch (err) {
    throw new Error(`${windowsFile}: not JSON: ${(err as Error).message}`, { cause: err });
  }
  if (typeof windows !== 'object' || windows === null || Array.isArray(windows)) {
    throw new Error(`${windowsFile}: expected NAB's {"<category>/<file>.csv": [[start, end], …]}`);
  }
  const name = file.split(/[\\/]/).pop()!;
  const key = Object.keys(windows).find((k) => k === name || k.endsWith(`/${name}`));
  if (key === undefined) throw new Error(`${windowsFile}: lists no windows for ${name}`);
  const list = (windows as Record<string, unknown>)[key];
  if (!Array.isArray(list)) throw new Error(`${windowsFile}: "${key}" is not a list of windows`);
  return list.map((w, i) => {
    const pair = Array.isArray(w) && w.length === 2 ? w.map((t) => parseCsvTime(String(t))) : [];
    if (pair.length !== 2 || !pair.every(Number.isFinite) || !(pair[1]! >= pair[0]!)) {
      throw new Error(
        `${windowsFile}: "${key}" window ${i + 1}: expected [start, end] times, got ${JSON.stringify(w)}`,
      );
    }
    return {
      id: `anomaly-${i + 1}`,
      kind: 'anomaly',
      start: pair[0]!,
      end: pair[1]! + 1,
      scope: {},
      description: `NAB window ${(w as unknown[]).join(' – ')} of ${key}`,
    };
  });
}
