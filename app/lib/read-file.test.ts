import { describe, expect, it } from 'vitest';
import { readFileBytes, readLabelsText } from './read-file.ts';

describe('reading a chosen file', () => {
  it('returns every byte and reports progress up to the size', async () => {
    const bytes = new Uint8Array(70_000).map((_, i) => i % 251);
    const seen: [number, number][] = [];
    const out = await readFileBytes(new File([bytes], 'r.ndjson'), (d, t) => seen.push([d, t]));
    expect(out).toEqual(bytes);
    expect(seen.at(-1)).toEqual([70_000, 70_000]);
    expect(seen.every(([d, t], i) => t === 70_000 && (i === 0 || d > seen[i - 1]![0]))).toBe(true);
  });

  it('names the file and the reason when it cannot be read', async () => {
    const broken = {
      name: 'gone.ndjson',
      size: 10,
      stream: () =>
        new ReadableStream<Uint8Array>({
          pull: (c) => c.error(new Error('the file was moved')),
        }),
      text: () => Promise.reject(new Error('the file was moved')),
    };
    await expect(readFileBytes(broken)).rejects.toThrow(
      'could not read "gone.ndjson": the file was moved',
    );
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
