import { makeVector } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { int64FromFloat64 } from './arrow-columns.ts';
import { TextBuilder } from './column-builders.ts';

describe('TextBuilder', () => {
  it('writes the same UTF-8 as TextEncoder, and leaves skipped rows null', () => {
    const texts = ['a', 'Zürich', '🍕 pizza', 'lone \ud800 surrogate', '', 'é'.repeat(100)];
    const builder = new TextBuilder(16);
    texts.forEach((t, i) => builder.set(2 * i, t));
    const vector = makeVector(builder.finish(2 * texts.length + 1));
    const roundTrip = (t: string) => new TextDecoder().decode(new TextEncoder().encode(t));
    const expected = [...texts.flatMap((t) => [roundTrip(t), null]), null];
    expect(vector.toArray()).toEqual(expected);
    expect(vector.nullCount).toBe(texts.length + 1);
  });
});

describe('TextBuilder.setBytes', () => {
  it('copies exactly the bytes asked for, of any length, up to the end of the source, between set() rows', () => {
    const source = new TextEncoder().encode('abcdefghijklmnopqrstuvwxyzé0123456789'.repeat(3));
    const builder = new TextBuilder(300, 8);
    const expected: (string | null)[] = [];
    let row = 0;
    for (let length = 0; length <= 70; length++) {
      const start = (length * 7) % (source.length - length);
      builder.setBytes(row++, source, start, start + length);
      expected.push(new TextDecoder().decode(source.subarray(start, start + length)));
      builder.setBytes(row++, source, source.length - (length % 5), source.length);
      expected.push(new TextDecoder().decode(source.subarray(source.length - (length % 5))));
      builder.set(row++, 'x');
      expected.push('x');
      row++; // a skipped row is null
      expected.push(null);
    }
    const vector = makeVector(builder.finish(row));
    expect(vector.toArray()).toEqual(expected);
    expect(vector.nullCount).toBe(71);
  });
});

describe('int64FromFloat64', () => {
  it('keeps integral doubles exact, negatives included, and marks absent rows null', () => {
    const values = Float64Array.from([0, 1, -1, 2 ** 40 + 5, -(2 ** 52), 2 ** 53 - 1]);
    const validity = Uint8Array.from([0b11011111]);
    const vector = makeVector(int64FromFloat64(values, validity));
    expect(Array.from({ length: 6 }, (_, i) => vector.get(i))).toEqual([
      0n,
      1n,
      -1n,
      2n ** 40n + 5n,
      -(2n ** 52n),
      null,
    ]);
  });
});
