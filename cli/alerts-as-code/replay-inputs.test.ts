import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labelsPathFor, parseReplayTime, readReplayInputs } from './replay-inputs.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'tapedeck-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('replay inputs', () => {
  it('labels sit beside the recording as <name>.labels.json', () => {
    expect(labelsPathFor('a/demo.ndjson.gz')).toBe('a/demo.labels.json');
    expect(labelsPathFor('demo.ndjson')).toBe('demo.labels.json');
    expect(labelsPathFor('capture.json.gz')).toBe('capture.labels.json');
  });

  it('reads the labels beside the recording when they exist, and none otherwise', async () => {
    const recording = path.join(dir, 'r.ndjson');
    writeFileSync(recording, '');
    expect((await readReplayInputs({ recording })).labelsPath).toBeNull();
    writeFileSync(path.join(dir, 'r.labels.json'), '{"incidents":[]}');
    const inputs = await readReplayInputs({ recording });
    expect(inputs.labelsPath).toBe(path.join(dir, 'r.labels.json'));
    expect(inputs.labels).toBe('{"incidents":[]}');
  });

  it('bad labels are named with the file, the incident and the field', async () => {
    const recording = path.join(dir, 'r.ndjson');
    const labels = path.join(dir, 'bad.labels.json');
    writeFileSync(labels, '{"incidents":[{"id":"i-1","kind":"x","start":5,"end":1}]}');
    await expect(readReplayInputs({ recording, labels })).rejects.toThrow(
      `labels file "${labels}": incident 1 (i-1): "end" must not be before "start"`,
    );
  });

  it('a missing recording, labels or workbook file is named with the reason', async () => {
    const recording = path.join(dir, 'r.ndjson');
    await expect(readReplayInputs({ recording: path.join(dir, 'nope.ndjson') })).rejects.toThrow(
      `cannot read recording ${path.join(dir, 'nope.ndjson')}: no such file`,
    );
    await expect(readReplayInputs({ recording, labels: 'x.json' })).rejects.toThrow(
      'cannot read labels x.json: no such file',
    );
    await expect(readReplayInputs({ recording, workbook: dir })).rejects.toThrow(
      `cannot read workbook ${dir}: not a regular file`,
    );
  });

  it('--at takes an ISO time with a zone or an offset from the start', () => {
    const start = Date.UTC(2026, 0, 5, 10);
    expect(parseReplayTime('2026-01-05T14:00:00Z', start)).toBe(Date.UTC(2026, 0, 5, 14));
    expect(parseReplayTime('+2h', start)).toBe(Date.UTC(2026, 0, 5, 12));
    expect(() => parseReplayTime('2026-01-05T14:00', start)).toThrow(
      /invalid --at "2026-01-05T14:00"/,
    );
    expect(() => parseReplayTime('+soon', start)).toThrow(/invalid --at "\+soon"/);
  });
});
