import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';

/**
 * DuckDB's own `checkpoint_threshold`, raised out of reach when the engine sandboxes the
 * database (see `sandboxDuckDB`): a live source checkpoints itself through a
 * {@link CheckpointBudget}. An in-memory checkpoint compresses the rows appended since the last
 * one and rewrites (and vacuums) every table's partly filled row groups; DuckDB ran it after a
 * commit once 16 MB had changed, so a live source appending a batch at a time paid it every
 * few batches, and more as its tables grew (a 931,639-record kitchen stream appended in
 * batches of 20k: 22 of 41 s in checkpoints, single ones up to 4 s). A recording being loaded
 * checkpoints itself too (`RECORDING_CHECKPOINT_BYTES`).
 */
export const AUTOMATIC_CHECKPOINT_THRESHOLD = '1TB';

/**
 * Inserted Arrow bytes between two checkpoints of a live source (about 1.4M kitchen records).
 * Until then its tables stay uncompressed, taking about the memory a loaded recording's do
 * (about 450 MB in DuckDB for 931,639 kitchen records, against about 210 MB when DuckDB
 * checkpointed every 16 MB), and each append costs only its own rows; the checkpoint itself
 * holds the stream for several seconds (the bridge buffers meanwhile, as for any slow batch).
 */
export const LIVE_CHECKPOINT_BYTES = 512 * 1024 * 1024;

/**
 * Inserted Arrow bytes between two checkpoints of a recording being loaded (see `Ingest`), and
 * about what DuckDB holds uncompressed besides the compressed tables. The 931,639 kitchen
 * records take 434 MB in DuckDB uncompressed, 98 MB compressed; each checkpoint compresses what
 * came since the last one (a few seconds per 1M records on this machine, however they are
 * split), so a smaller budget costs little time and saves memory.
 */
export const RECORDING_CHECKPOINT_BYTES = 128 * 1024 * 1024;

/**
 * A recording of more text than this (a gzip one: `GZIP_RATIO` times its size) streams into
 * DuckDB as it is read and is checkpointed as it goes (`RECORDING_CHECKPOINT_BYTES`): about
 * 2M kitchen records. A smaller one is held as Arrow columns until read whole, then inserted
 * uncompressed: it loads in about half the time (84.6k against 48.2k records/s for 931,639
 * kitchen records in Chromium) at a higher peak (2.24 against 1.83 GB for all the browser's
 * processes).
 */
export const STREAM_RECORDINGS_ABOVE = 1024 * 1024 * 1024;

/** About how much text a gzip recording holds per byte (kitchen recordings: 7.5). */
export const GZIP_RATIO = 8;

/** Whether a recording of `bytes` bytes (`gzip` or plain) streams into DuckDB (`STREAM_RECORDINGS_ABOVE`). */
export function recordingStreams(
  bytes: number,
  gzip: boolean,
  above = STREAM_RECORDINGS_ABOVE,
): boolean {
  return bytes * (gzip ? GZIP_RATIO : 1) > above;
}

/**
 * Counts the bytes a source inserts into DuckDB and checkpoints the database each time they
 * pass `bytes`.
 */
export class CheckpointBudget {
  private spent = 0;

  constructor(
    private readonly conn: Pick<DuckDBConnection, 'query'>,
    private readonly bytes: number,
  ) {}

  /** After an insert of `bytes` (its Arrow IPC size). */
  inserted(bytes: number): void {
    this.spent += bytes;
    if (this.spent < this.bytes) return;
    this.checkpoint();
  }

  /** Checkpoints now (the end of a load: what was inserted since the last one is compressed). */
  checkpoint(): void {
    this.spent = 0;
    try {
      this.conn.query('CHECKPOINT');
    } catch {
      // Another transaction is open (DuckDB's automatic checkpoint skips then too): the rows
      // stay uncompressed until the next checkpoint.
    }
  }
}
