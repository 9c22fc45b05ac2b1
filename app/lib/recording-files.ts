/** Which of the files a person picked or dropped are a recording and its labels. Pure. */

/** File names a recording may have: kcat NDJSON, plain or gzip. */
const RECORDING_SUFFIXES = ['.ndjson', '.ndjson.gz', '.jsonl', '.jsonl.gz'] as const;
/** File names a series file may have (`tapedeck export series`, `tapedeck flink run`). */
const SERIES_SUFFIXES = ['.csv', '.parquet'] as const;
const LABELS_SUFFIX = '.labels.json';

/** A picked file, as far as choosing goes (a browser `File` is one). */
export interface NamedFile {
  name: string;
}

/**
 * The recording (or series file: `kind`) to open and its labels file, if one came with it.
 */
export type RecordingChoice<F extends NamedFile> =
  | { ok: true; kind: 'recording' | 'series'; recording: F; labels: F | null }
  | { ok: false; error: string };

/** Whether `name` is a recording's file name (`.ndjson`, `.ndjson.gz`, `.jsonl`, `.jsonl.gz`). */
export function isRecordingName(name: string): boolean {
  const lower = name.toLowerCase();
  return RECORDING_SUFFIXES.some((s) => lower.endsWith(s));
}

/** Whether `name` is a series file's name (`.csv`, `.parquet`). */
export function isSeriesName(name: string): boolean {
  const lower = name.toLowerCase();
  return SERIES_SUFFIXES.some((s) => lower.endsWith(s));
}

/** A recording's (or series file's) name without its suffix: `r.ndjson.gz` → `r`. */
export function recordingBaseName(name: string): string {
  const lower = name.toLowerCase();
  const suffix = [...RECORDING_SUFFIXES, ...SERIES_SUFFIXES]
    .sort((a, b) => b.length - a.length)
    .find((s) => lower.endsWith(s));
  return suffix ? name.slice(0, name.length - suffix.length) : name;
}

/**
 * Picks the recording and its labels from `files`: exactly one recording or series file (a
 * `.csv` or `.parquet` of metric series, opened in place of records), and at most one
 * `<name>.labels.json` (its name should match the recording's; a single labels file of another
 * name is still taken, since a person chose it). Anything else fails, naming the files and why.
 */
export function chooseRecordingFiles<F extends NamedFile>(files: readonly F[]): RecordingChoice<F> {
  if (files.length === 0) return { ok: false, error: 'no file was chosen' };
  const recordings = files.filter((f) => isRecordingName(f.name) || isSeriesName(f.name));
  const labels = files.filter((f) => f.name.toLowerCase().endsWith(LABELS_SUFFIX));
  const others = files.filter((f) => !recordings.includes(f) && !labels.includes(f));
  const names = (list: readonly F[]) => list.map((f) => JSON.stringify(f.name)).join(', ');
  if (others.length > 0) {
    return {
      ok: false,
      error:
        `${names(others)}: not a recording (expected .ndjson or .ndjson.gz, or a series ` +
        `file .csv or .parquet, optionally with its .labels.json)`,
    };
  }
  if (recordings.length === 0) {
    return { ok: false, error: `${names(labels)}: a labels file needs its recording beside it` };
  }
  if (recordings.length > 1) {
    return { ok: false, error: `${names(recordings)}: open one recording at a time` };
  }
  const recording = recordings[0]!;
  const kind = isSeriesName(recording.name) ? 'series' : 'recording';
  if (labels.length > 1) {
    const wanted = `${recordingBaseName(recording.name)}${LABELS_SUFFIX}`;
    const match = labels.find((f) => f.name === wanted);
    if (!match) {
      return {
        ok: false,
        error: `${names(labels)}: more than one labels file, and none is named "${wanted}"`,
      };
    }
    return { ok: true, kind, recording, labels: match };
  }
  return { ok: true, kind, recording, labels: labels[0] ?? null };
}
