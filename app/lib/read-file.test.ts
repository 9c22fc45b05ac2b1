import { describe, expect, it } from 'vitest';
import { readLabelsText } from './read-file.ts';

describe('reading a chosen file', () => {
  it('names the file and the reason when it cannot be read', async () => {
    const broken = {
      name: 'gone.ndjson',
      text: () => Promise.reject(new Error('the file was moved')),
    };
    await expect(readLabelsText(broken)).rejects.toThrow(
      'could not read "gone.ndjson": the file was moved',
    );
  });

  it('names a labels file that is not JSON, or not a labels file', async () => {
    await expect(readLabelsText(new File(['{"incidents": ['], 'r.labels.json'))).rejects.toThrow(
      /^labels file "r\.labels\.json": not valid JSON: /,
    );
    await expect(readLabelsText(new File(['{"incidents": 3}'], 'r.labels.json'))).rejects.toThrow(
      'labels file "r.labels.json": no "incidents" array',
    );
    expect(await readLabelsText(new File(['{"incidents":[]}'], 'r.labels.json'))).toBe(
      '{"incidents":[]}',
    );
  });
});
