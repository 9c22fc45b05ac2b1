import { describe, expect, it } from 'vitest';
import {
  chooseRecordingFiles,
  isRecordingName,
  isSeriesName,
  recordingBaseName,
} from './recording-files.ts';

const files = (...names: string[]) => names.map((name) => ({ name }));

describe('recording files', () => {
  it('knows recordings by .ndjson, .ndjson.gz, .jsonl and .jsonl.gz, in any case', () => {
    expect(isRecordingName('r.ndjson')).toBe(true);
    expect(isRecordingName('R.NDJSON.GZ')).toBe(true);
    expect(isRecordingName('capture.jsonl')).toBe(true);
    expect(isRecordingName('r.json')).toBe(false);
    expect(isRecordingName('r.gz')).toBe(false);
  });

  it('strips the longest recording suffix from a name', () => {
    expect(recordingBaseName('r.ndjson.gz')).toBe('r');
    expect(recordingBaseName('night.of.jan.ndjson')).toBe('night.of.jan');
    expect(recordingBaseName('notes.txt')).toBe('notes.txt');
  });

  it('takes one recording alone, or with its labels file in either order', () => {
    expect(chooseRecordingFiles(files('r.ndjson.gz'))).toEqual({
      ok: true,
      kind: 'recording',
      recording: { name: 'r.ndjson.gz' },
      labels: null,
    });
    expect(chooseRecordingFiles(files('r.labels.json', 'r.ndjson.gz'))).toEqual({
      ok: true,
      kind: 'recording',
      recording: { name: 'r.ndjson.gz' },
      labels: { name: 'r.labels.json' },
    });
  });

  it('picks the labels file named after the recording when several come along', () => {
    const choice = chooseRecordingFiles(files('a.labels.json', 'r.ndjson', 'r.labels.json'));
    expect(choice).toEqual({
      ok: true,
      kind: 'recording',
      recording: { name: 'r.ndjson' },
      labels: { name: 'r.labels.json' },
    });
    expect(chooseRecordingFiles(files('a.labels.json', 'r.ndjson', 'b.labels.json'))).toEqual({
      ok: false,
      error:
        '"a.labels.json", "b.labels.json": more than one labels file, and none is named "r.labels.json"',
    });
  });

  it('refuses other files, several recordings, a lone labels file and nothing, naming them', () => {
    expect(chooseRecordingFiles(files('r.ndjson', 'photo.png'))).toEqual({
      ok: false,
      error:
        '"photo.png": not a recording (expected .ndjson or .ndjson.gz, or a series file .csv or .parquet, optionally with its .labels.json)',
    });
    expect(chooseRecordingFiles(files('a.ndjson', 'b.ndjson.gz'))).toEqual({
      ok: false,
      error: '"a.ndjson", "b.ndjson.gz": open one recording at a time',
    });
    expect(chooseRecordingFiles(files('r.labels.json'))).toEqual({
      ok: false,
      error: '"r.labels.json": a labels file needs its recording beside it',
    });
    expect(chooseRecordingFiles([])).toEqual({ ok: false, error: 'no file was chosen' });
  });

  it('takes a series file (.csv, .parquet) as the source, with the labels named after it', () => {
    expect(isSeriesName('s.CSV')).toBe(true);
    expect(isSeriesName('s.parquet')).toBe(true);
    expect(isSeriesName('s.ndjson')).toBe(false);
    expect(recordingBaseName('flink.series.parquet')).toBe('flink.series');
    expect(
      chooseRecordingFiles(files('a.labels.json', 'kitchen.parquet', 'kitchen.labels.json')),
    ).toEqual({
      ok: true,
      kind: 'series',
      recording: { name: 'kitchen.parquet' },
      labels: { name: 'kitchen.labels.json' },
    });
    expect(chooseRecordingFiles(files('k.csv', 'r.ndjson'))).toEqual({
      ok: false,
      error: '"k.csv", "r.ndjson": open one recording at a time',
    });
  });
});
