import type { Incident } from '../../formats/index.ts';
import type { SourceSummary } from '../contract.ts';
import type { IngestResult } from './recording-ingest.ts';
import type { SnapshotTable, SourceSnapshot } from './source-snapshot.ts';

/** The rows of a table as the builder reads them (an Arrow table). */
export interface TableRows {
  readonly numRows: number;
  /** the `_seq` of each row, in row order */
  seqs(): Float64Array;
  /** Arrow IPC stream of rows `[from, to)` */
  ipc(from: number, to: number): Uint8Array;
}

/** The share of the records (1/HEAD_SHARE) whose rows go in each table's first chunk. */
const HEAD_SHARE = 64;
/** Rows per chunk after the first. */
const CHUNK_ROWS = 1 << 17;

/**
 * A `SourceSnapshot` of a loaded source, from what its ingest found, its summary and its
 * tables' rows. Each table's first chunk holds its rows up to the last one delivered among the
 * first 1/HEAD_SHARE of the records (at least one row: it creates the table), so a replay's
 * first frames need only those; the rest follow in chunks of CHUNK_ROWS.
 */
export function buildSnapshot(
  key: string,
  incidents: Incident[],
  ingest: IngestResult,
  summary: SourceSummary,
  rowsOf: (table: string) => TableRows,
): SourceSnapshot {
  const head = Math.max(1, Math.floor(ingest.tape.records / HEAD_SHARE));
  const tableRows: SnapshotTable[] = [...ingest.tables.values()].map((table) => {
    const rows = rowsOf(table);
    const seqs = rows.seqs();
    const n = rows.numRows;
    // suffix[i]: the smallest _seq among rows i.. (Infinity at n)
    const suffix = new Float64Array(n + 1);
    suffix[n] = Infinity;
    for (let i = n - 1; i >= 0; i--) suffix[i] = Math.min(seqs[i]!, suffix[i + 1]!);
    let firstEnd = 0;
    for (let i = 0; i < n; i++) if (seqs[i]! < head) firstEnd = i + 1;
    const ends = [Math.min(n, Math.max(1, firstEnd))];
    while (ends[ends.length - 1]! < n) ends.push(Math.min(n, ends[ends.length - 1]! + CHUNK_ROWS));
    let from = 0;
    const chunks = ends.map((end) => {
      const chunk = { ipc: rows.ipc(from, end), minSeqAfter: suffix[end]! };
      from = end;
      return chunk;
    });
    return { table, minSeq: suffix[0]!, chunks };
  });
  return {
    key,
    name: summary.name,
    incidents,
    start: ingest.start,
    end: ingest.end,
    partitions: ingest.partitions,
    topics: [...ingest.topics].map(([topic, columns]) => [topic, [...columns]]),
    tables: [...ingest.tables],
    linesRead: ingest.linesRead,
    blankLines: ingest.blankLines,
    excludedRecords: ingest.excludedRecords,
    faults: ingest.faults,
    faultCount: ingest.faultCount,
    traceContext: summary.traceContext!,
    streamTimes: ingest.tape.streamTimes,
    timestamps: ingest.timestamps,
    kinds: ingest.kinds,
    tableRows,
  };
}
