import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseDuration, parseLabels } from '../../formats/index.ts';

/** What a headless replay reads: the recording, its labels, a workbook (all as read from disk). */
export interface ReplayInputs {
  recordingPath: string;
  recording: Uint8Array;
  /** the labels file used, or null when there is none */
  labelsPath: string | null;
  labels: string | undefined;
  /** the workbook file, or null for the engine's default (the bundled kitchen workbook) */
  workbookPath: string | null;
  workbook: string | null;
}

/** `demo.ndjson.gz` → `demo.labels.json` (any other name: its extension replaced). */
export function labelsPathFor(recordingPath: string): string {
  if (/\.ndjson(\.gz)?$/.test(recordingPath)) {
    return recordingPath.replace(/\.ndjson(\.gz)?$/, '.labels.json');
  }
  const ext = path.extname(recordingPath.replace(/\.gz$/, ''));
  const base = recordingPath.replace(/\.gz$/, '');
  return `${ext ? base.slice(0, -ext.length) : base}.labels.json`;
}

/** Reads a file whole, failing with an error that names `what`, the path and the reason. */
async function readWhole(what: string, file: string): Promise<Buffer> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a regular file');
    return await readFile(file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === 'ENOENT' ? 'no such file' : e.message;
    throw new Error(`cannot read ${what} ${file}: ${reason}`, { cause: err });
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Reads the recording, its labels (`--labels`, else `<name>.labels.json` beside the recording
 * when it exists; checked, failing with an error naming the file) and the workbook
 * (`--workbook`, else none: the engine's default).
 */
export async function readReplayInputs(options: {
  recording: string;
  labels?: string;
  workbook?: string;
}): Promise<ReplayInputs> {
  const recording = await readWhole('recording', options.recording);
  let labelsPath: string | null = options.labels ?? labelsPathFor(options.recording);
  let labels: string | undefined;
  if (options.labels !== undefined || (await exists(labelsPath))) {
    labels = (await readWhole('labels', labelsPath)).toString('utf8');
    // Checked here so that a bad file is named; the engine reads the text again.
    parseLabels(labels, labelsPath);
  } else {
    labelsPath = null;
  }
  const workbook =
    options.workbook === undefined
      ? null
      : (await readWhole('workbook', options.workbook)).toString('utf8');
  return {
    recordingPath: options.recording,
    recording: new Uint8Array(recording.buffer, recording.byteOffset, recording.byteLength),
    labelsPath,
    labels,
    workbookPath: options.workbook ?? null,
    workbook,
  };
}

/**
 * A replay time from `--at`: an ISO time with a zone (`2026-01-05T14:00:00Z`) or an offset from
 * the start of the recording (`+2h`, `+90m`). Throws naming the text and the forms accepted.
 */
export function parseReplayTime(text: string, start: number): number {
  const trimmed = text.trim();
  if (trimmed.startsWith('+')) {
    try {
      return start + parseDuration(trimmed.slice(1));
    } catch (err) {
      throw new Error(`invalid --at ${JSON.stringify(text)}: ${(err as Error).message}`);
    }
  }
  const ms = Date.parse(trimmed);
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(trimmed) || !Number.isFinite(ms)) {
    throw new Error(
      `invalid --at ${JSON.stringify(text)}: expected an ISO time with a zone (2026-01-05T14:00:00Z) or an offset from the start (+2h)`,
    );
  }
  return ms;
}
