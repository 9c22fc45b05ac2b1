import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { parseTraceparent, traceparentClassSql } from './traceparent.ts';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const VALID = `00-${TRACE}-${SPAN}-01`;

/** Header values and their class, per the W3C Trace Context rules. */
const CASES: Array<[string | null, string]> = [
  [VALID, 'valid'],
  [`00-${TRACE}-${SPAN}-03`, 'valid'],
  [`01-${TRACE}-${SPAN}-01-later-fields`, 'valid'],
  [`01-${TRACE}-${SPAN}-01`, 'valid'],
  [null, 'missing'],
  ['', 'malformed'],
  ['garbage', 'malformed'],
  [`00-${TRACE.toUpperCase()}-${SPAN}-01`, 'malformed'],
  [`00-${TRACE}-${SPAN}-01-extra`, 'malformed'],
  [`ff-${TRACE}-${SPAN}-01`, 'malformed'],
  [`00-${TRACE.slice(1)}-${SPAN}-01`, 'malformed'],
  [`00-${TRACE}-${SPAN}`, 'malformed'],
  [` ${VALID}`, 'malformed'],
  [`00-${'0'.repeat(32)}-${SPAN}-01`, 'zero-id'],
  [`00-${TRACE}-${'0'.repeat(16)}-01`, 'zero-id'],
];

describe('parseTraceparent', () => {
  it('splits a valid header into version, trace id, parent id and flags', () => {
    expect(parseTraceparent(VALID)).toEqual({
      class: 'valid',
      version: '00',
      traceId: TRACE,
      parentId: SPAN,
      flags: '01',
      reason: null,
    });
  });

  it.each(CASES)('classifies %j as %s', (value, cls) => {
    expect(parseTraceparent(value).class).toBe(cls);
  });

  it('says why a header is malformed or has a zero id', () => {
    expect(parseTraceparent('garbage').reason).toBe(
      '1 field(s), expected version-traceid-parentid-flags',
    );
    expect(parseTraceparent(`00-abc-${SPAN}-01`).reason).toBe(
      'trace id "abc" is not 32 lowercase hex digits',
    );
    expect(parseTraceparent(`ff-${TRACE}-${SPAN}-01`).reason).toBe('version ff is invalid');
    expect(parseTraceparent(`00-${TRACE}-${'0'.repeat(16)}-01`).reason).toBe('all-zero parent id');
  });
});

describe('traceparentClassSql', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
  });
  afterAll(() => engine.close());

  it('agrees with parseTraceparent on every case, run on DuckDB', async () => {
    const values = CASES.map(([v], i) => `(${i}, ${v === null ? 'NULL' : `'${v}'`})`).join(', ');
    const result = await engine.query(
      `SELECT i, ${traceparentClassSql('v')} AS c FROM (VALUES ${values}) t(i, v) ORDER BY i`,
    );
    expect(result.rows.map((r) => r[1])).toEqual(CASES.map(([, c]) => c));
  });
});
