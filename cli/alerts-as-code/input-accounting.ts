import type { RecordFault, SourceSummary } from '../../engine/index.ts';
import { lineStop, readRecordingBlocks } from '../../formats/index.ts';

/** Malformed lines the CLI's text output lists; `backtest --json` has every one the engine kept. */
export const MALFORMED_SHOWN = 10;

/**
 * Every line of a recording accounted for:
 * `lines = records + excludedRecords + malformedLines + blankLines`. `lines` and `blankLines` are
 * counted from the file by the CLI; the rest are the engine's, so the identity checks that no line
 * went missing between them.
 */
export interface InputAccounting {
  /** lines read, numbered as the engine numbers them (see `countRecordingLines`) */
  lines: number;
  records: number;
  malformedLines: number;
  /** empty or whitespace-only lines: skipped, neither records nor malformed */
  blankLines: number;
  /** the malformed lines the engine kept (its first 1000), with 1-based line number and reason */
  malformed: { line: number; reason: string }[];
  /** records read but left out of the replay: repeated offsets and outlier timestamps */
  excludedRecords: number;
  /** records with a fault (left out, or loaded with invalid UTF-8 replaced): the engine's first 1000 */
  faults: RecordFault[];
  faultCount: number;
}

const NEWLINE = 0x0a;
const SPACE = 0x20;

/**
 * Counts a recording's lines and blank lines the way the engine reads it (`readRecordingBlocks`
 * and `parseRecordingLine` in formats/recording/reader.ts): gzip undone, a leading BOM dropped,
 * each `\n` ends a line (a last line without one counts too), a `\r` before it is not part of
 * the line, and a line that is empty or whitespace only once decoded is blank.
 */
export async function countRecordingLines(
  bytes: Uint8Array,
): Promise<{ lines: number; blankLines: number }> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let lines = 0;
  let blankLines = 0;
  for await (const block of readRecordingBlocks(bytes)) {
    // Buffer's indexOf is native; a Uint8Array's is several times slower on long recordings.
    const buffer = Buffer.from(block.buffer, block.byteOffset, block.length);
    for (let start = 0; start < buffer.length;) {
      let end = buffer.indexOf(NEWLINE, start);
      if (end === -1) end = buffer.length;
      lines++;
      const stop = lineStop(block, start, end);
      // A line whose first byte is past the space cannot be blank: decode only the others.
      if (
        stop === start ||
        (buffer[start]! <= SPACE && decoder.decode(block.subarray(start, stop)).trim() === '')
      ) {
        blankLines++;
      }
      start = end + 1;
    }
  }
  return { lines, blankLines };
}

/** The accounting of a loaded recording: the engine's summary and the CLI's count of its file. */
export function inputAccounting(
  source: SourceSummary,
  counted: { lines: number; blankLines: number },
): InputAccounting {
  return {
    lines: counted.lines,
    records: source.records,
    malformedLines: source.malformedLineCount,
    blankLines: counted.blankLines,
    malformed: source.malformedLines.map(({ line, reason }) => ({ line, reason })),
    excludedRecords: source.excludedRecords ?? 0,
    faults: (source.faults ?? []).map((f) => ({ ...f })),
    faultCount: source.faultCount ?? 0,
  };
}

/** Lines read that are neither records (replayed or left out), malformed nor blank (0 when every line is accounted for). */
export function unaccountedLines(a: InputAccounting): number {
  return a.lines - a.records - a.excludedRecords - a.malformedLines - a.blankLines;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * `13 lines read = 9 records + 2 malformed + 2 blank` (with `+ N left out` when records were left
 * out), or `≠ …` naming the lines unaccounted for.
 */
export function accountingIdentity(a: InputAccounting): string {
  const left = a.excludedRecords > 0 ? ` + ${a.excludedRecords} left out` : '';
  const sum = `${plural(a.records, 'record')}${left} + ${a.malformedLines} malformed + ${a.blankLines} blank`;
  const missing = unaccountedLines(a);
  if (missing === 0) return `${plural(a.lines, 'line')} read = ${sum}`;
  return `${plural(a.lines, 'line')} read ≠ ${sum} (${missing} unaccounted for)`;
}

/**
 * The malformed lines for people, `  line 3: not JSON: …`: the first `shown`, then `… and K
 * more` (with `more`, e.g. where to find them, appended).
 */
export function malformedLineList(
  a: InputAccounting,
  shown = MALFORMED_SHOWN,
  more = '',
): string[] {
  const out = a.malformed.slice(0, shown).map((m) => `  line ${m.line}: ${m.reason}`);
  const rest = a.malformedLines - Math.min(shown, a.malformed.length);
  if (rest > 0) out.push(`  … and ${rest} more${more}`);
  return out;
}

/** Records with a fault for people, `  line 7: duplicate of line 3 (…)`, as `malformedLineList`. */
export function faultList(a: InputAccounting, shown = MALFORMED_SHOWN, more = ''): string[] {
  const out = a.faults.slice(0, shown).map((f) => `  line ${f.line}: ${f.reason}`);
  const rest = a.faultCount - Math.min(shown, a.faults.length);
  if (rest > 0) out.push(`  … and ${rest} more${more}`);
  return out;
}

/**
 * The input block of the CLI's text output: the identity, then the malformed lines with their
 * numbers and reasons (see `malformedLineList`).
 */
export function accountingText(a: InputAccounting, shown = MALFORMED_SHOWN, more = ''): string[] {
  const out = [`Input: ${accountingIdentity(a)}`];
  if (a.malformedLines > 0) out.push('Malformed lines:', ...malformedLineList(a, shown, more));
  if (a.faultCount > 0) out.push('Record faults:', ...faultList(a, shown, more));
  return out;
}

/** Why a recording gave nothing to replay: its path, the accounting, the first few reasons. */
export function noRecordsMessage(file: string, a: InputAccounting): string {
  return [
    `recording ${file} has no records: ${accountingIdentity(a)}`,
    ...malformedLineList(a, 5),
  ].join('\n');
}
