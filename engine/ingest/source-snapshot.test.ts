import { describe, expect, it } from 'vitest';
import { decodeSnapshot, encodeSnapshot, type SourceSnapshot } from './source-snapshot.ts';

function snapshot(): SourceSnapshot {
  return {
    key: 'kitchen [["seed",7]]',
    name: 'kitchen seed 7',
    incidents: [
      {
        id: 'a',
        kind: 'rejection-spike',
        start: 1,
        end: 2,
        scope: { region: 'Dubai' },
        description: 'd',
      },
    ],
    start: 1000,
    end: 5000,
    partitions: [],
    topics: [['orders', ['status', 'region']]],
    tables: [['orders', 'orders']],
    linesRead: 3,
    blankLines: 0,
    excludedRecords: 1,
    faults: [],
    faultCount: 1,
    traceContext: { topics: [], faults: [], faultCount: 0 },
    streamTimes: Float64Array.of(1000, 2000, 5000),
    timestamps: Float64Array.of(1000, NaN, 2000, 5000),
    kinds: { seqs: Float64Array.of(2), kinds: Uint8Array.of(4) },
    tableRows: [
      {
        table: 'orders',
        minSeq: 0,
        chunks: [
          { ipc: Uint8Array.of(1, 2, 3), minSeqAfter: 2 },
          { ipc: Uint8Array.of(4, 5, 6, 7, 8, 9, 10, 11, 12), minSeqAfter: Infinity },
        ],
      },
    ],
  };
}

describe('source snapshot bytes', () => {
  it('read back as written: typed arrays, NaN, Infinity and chunk bytes', () => {
    const bytes = encodeSnapshot(snapshot());
    expect(decodeSnapshot(bytes)).toEqual(snapshot());
    // Read in place or from a copy whose bytes do not start on an 8-byte boundary.
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(decodeSnapshot(shifted.subarray(3))).toEqual(snapshot());
  });

  it('name what is wrong with bytes that are not one', () => {
    const bytes = encodeSnapshot(snapshot());
    expect(() => decodeSnapshot(new TextEncoder().encode('{"topic":"orders"}\n'))).toThrow(
      'not a Tapedeck source snapshot (or of another version)',
    );
    expect(() => decodeSnapshot(bytes.subarray(0, 40))).toThrow(
      'source snapshot cut short (header)',
    );
    expect(() => decodeSnapshot(bytes.subarray(0, bytes.length - 12))).toThrow(
      'source snapshot cut short (body)',
    );
  });
});
