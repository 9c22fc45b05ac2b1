import { describe, expect, it } from 'vitest';
import type { Incident } from '../../formats/index.ts';
import { mergeIncidents } from './merge-incidents.ts';

const incident = (id: string, start: number, kind = 'k'): Incident => ({
  id,
  kind,
  start,
  end: start + 10,
  scope: {},
  description: '',
});

describe('mergeIncidents', () => {
  it('keeps both lists, a workbook label replacing the source label with its id, sorted by start', () => {
    const merged = mergeIncidents(
      [incident('b', 20), incident('a', 50)],
      [incident('a', 5, 'redrawn'), incident('c', 20)],
    );
    expect(merged.map((i) => [i.id, i.start, i.kind])).toEqual([
      ['a', 5, 'redrawn'],
      ['b', 20, 'k'],
      ['c', 20, 'k'],
    ]);
  });
});
