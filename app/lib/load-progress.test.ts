import { describe, expect, it } from 'vitest';
import { overallFraction, phaseLabel } from './load-progress.ts';

describe('load progress', () => {
  it('places each known phase in its share of the bar, so the bar never moves back', () => {
    expect(overallFraction({ phase: 'generate', done: 1, total: 1 })).toBe(0.3);
    expect(overallFraction({ phase: 'ingest', done: 0, total: 200 })).toBe(0.3);
    expect(overallFraction({ phase: 'ingest', done: 100, total: 200 })).toBeCloseTo(0.625, 12);
    expect(overallFraction({ phase: 'index', done: 1, total: 1 })).toBe(1);
  });

  it('gives a recording its streamed read and parse, before indexing', () => {
    expect(overallFraction({ phase: 'read', done: 0, total: 100 })).toBe(0);
    expect(overallFraction({ phase: 'read', done: 50, total: 100 })).toBeCloseTo(0.475, 12);
    expect(phaseLabel('read')).toBe('Reading and parsing records into DuckDB');
  });

  it('fills the whole bar for an unknown phase and clamps odd counts', () => {
    expect(overallFraction({ phase: 'parse', done: 1, total: 4 })).toBe(0.25);
    expect(overallFraction({ phase: 'parse', done: 9, total: 4 })).toBe(1);
    expect(overallFraction({ phase: 'parse', done: 3, total: 0 })).toBe(0);
  });

  it('words known phases and passes others through', () => {
    expect(phaseLabel('ingest')).toBe('Loading records into DuckDB');
    expect(phaseLabel('parse')).toBe('parse');
  });
});
