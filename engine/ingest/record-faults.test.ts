import { describe, expect, it } from 'vitest';
import { firstFaults, RecordLines } from './record-faults.ts';
import { MALFORMED_LINES_KEPT } from './source-counts.ts';

describe('RecordLines', () => {
  it('numbers records by line, past the lines that are not records', () => {
    // lines: 1 blank, 2 r0, 3 r1, 4 bad, 5 bad, 6 r2, 7 r3, 8 blank
    const lines = new RecordLines();
    lines.skip(0);
    lines.skip(2);
    lines.skip(2);
    lines.skip(4);
    expect([0, 1, 2, 3].map((i) => lines.lineOf(i))).toEqual([2, 3, 6, 7]);
  });

  it('numbers records from 1 when every line is a record', () => {
    const lines = new RecordLines();
    expect([0, 1, 99].map((i) => lines.lineOf(i))).toEqual([1, 2, 100]);
    for (let k = 0; k < 500; k++) lines.skip(100);
    expect(lines.lineOf(100)).toBe(601);
  });
});

describe('firstFaults', () => {
  const where = (i: number) => ({ topic: 't', partition: i % 2 });

  it('merges the kinds in line order, with reasons', () => {
    const faults = firstFaults(
      [
        { kind: 'invalid-utf8', indices: [1, 7], reason: (k) => `utf8 ${k}` },
        { kind: 'duplicate', indices: [3], reason: (k) => `dup ${k}` },
        { kind: 'outlier', indices: [0, 5], reason: (k) => `ts ${k}` },
      ],
      new RecordLines(),
      where,
    );
    expect(faults.map((f) => [f.line, f.kind, f.reason, f.partition])).toEqual([
      [1, 'outlier', 'ts 0', 0],
      [2, 'invalid-utf8', 'utf8 0', 1],
      [4, 'duplicate', 'dup 0', 1],
      [6, 'outlier', 'ts 1', 1],
      [8, 'invalid-utf8', 'utf8 1', 1],
    ]);
  });

  it(`keeps the first ${MALFORMED_LINES_KEPT}, making reasons for those only`, () => {
    let reasons = 0;
    const indices = Int32Array.from({ length: 5000 }, (_, i) => i);
    const faults = firstFaults(
      [{ kind: 'outlier', indices, reason: () => `r${reasons++}` }],
      new RecordLines(),
      where,
    );
    expect(faults).toHaveLength(MALFORMED_LINES_KEPT);
    expect(reasons).toBe(MALFORMED_LINES_KEPT);
  });
});
