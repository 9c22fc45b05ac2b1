import { Bool, Float64, Utf8, makeData, type Data } from 'apache-arrow';
import { emptyValidity, setValid, withValidity } from './arrow-columns.ts';

/**
 * Column builders that take one row at a time, in increasing row order (rows may be skipped:
 * they are null). Text is written as UTF-8 at once, so the JS string can die young instead
 * of waiting for the batch in the old generation.
 */

const encoder = new TextEncoder();

/** Strings longer than this go through TextEncoder; shorter ones through the loop below. */
const ENCODER_MIN_LENGTH = 64;

/** Byte strings up to this long are copied by a loop: cheaper than a subarray and `set`. */
const COPY_LOOP_MAX = 64;

/** The source of the last `setBytes`, as a DataView: builders mostly copy from one block. */
let sourceBytes: Uint8Array | null = null;
let sourceView: DataView = new DataView(new ArrayBuffer(0));

/** Drops the view `setBytes` keeps of the bytes it copied from last, so they can be freed. */
export function forgetSourceBytes(): void {
  sourceBytes = null;
  sourceView = new DataView(new ArrayBuffer(0));
}

/** A UTF-8 column. */
export class TextBuilder {
  private bytes: Uint8Array;
  private view: DataView;
  private at = 0;
  private next = 0;
  private readonly offsets: Int32Array;
  /** all rows valid at first: rows are written in order, so only skipped ones need a bit cleared */
  private readonly validity: Uint8Array;
  private nulls = 0;

  /** `byteHint`: the expected UTF-8 bytes of all rows (default 16 a row), saving regrowth. */
  constructor(
    readonly capacity: number,
    byteHint = capacity * 16,
  ) {
    this.bytes = new Uint8Array(Math.max(64, Math.ceil(byteHint)));
    this.view = new DataView(this.bytes.buffer);
    this.offsets = new Int32Array(capacity + 1);
    this.validity = emptyValidity(capacity).fill(0xff);
  }

  set(row: number, text: string): void {
    this.skipTo(row);
    const needed = this.at + text.length * 3;
    if (needed > this.bytes.length) this.grow(needed);
    const bytes = this.bytes;
    let at = this.at;
    if (text.length > ENCODER_MIN_LENGTH) {
      at += encoder.encodeInto(text, bytes.subarray(at)).written;
    } else {
      for (let i = 0; i < text.length; i++) {
        let c = text.charCodeAt(i);
        if (c < 0x80) {
          bytes[at++] = c;
          continue;
        }
        if (c < 0x800) {
          bytes[at++] = 0xc0 | (c >> 6);
        } else {
          if (c >= 0xd800 && c <= 0xdfff) {
            const low = text.charCodeAt(i + 1);
            if (c <= 0xdbff && (low & 0xfc00) === 0xdc00) {
              c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
              i++;
              bytes[at++] = 0xf0 | (c >> 18);
              bytes[at++] = 0x80 | ((c >> 12) & 0x3f);
            } else c = 0xfffd; // a lone surrogate, replaced as TextEncoder does
          }
          if (c < 0x10000) bytes[at++] = 0xe0 | (c >> 12);
          bytes[at++] = 0x80 | ((c >> 6) & 0x3f);
        }
        bytes[at++] = 0x80 | (c & 0x3f);
      }
    }
    this.at = at;
    this.offsets[row + 1] = at;
    this.next = row + 1;
  }

  /** Sets the row to the UTF-8 text `source[start, end)`, copied as it is. */
  setBytes(row: number, source: Uint8Array, start: number, end: number): void {
    if (row !== this.next) this.skipTo(row);
    const length = end - start;
    const at = this.at;
    // 3 bytes of slack: the last word is copied whole (the excess is overwritten or unused).
    if (at + length + 3 > this.bytes.length) this.grow(at + length + 3);
    if (length > COPY_LOOP_MAX) this.bytes.set(source.subarray(start, end), at);
    else if (end + 3 <= source.length) {
      // Four bytes at a time: a few times faster than a byte loop, and than `set` on short text.
      if (source !== sourceBytes) {
        sourceBytes = source;
        sourceView = new DataView(source.buffer, source.byteOffset, source.byteLength);
      }
      const from = sourceView;
      const to = this.view;
      for (let i = start, j = at; i < end; i += 4, j += 4)
        to.setInt32(j, from.getInt32(i, true), true);
    } else {
      const bytes = this.bytes;
      for (let i = start, j = at; i < end; i++, j++) bytes[j] = source[i]!;
    }
    this.at = this.offsets[row + 1] = at + length;
    this.next = row + 1;
  }

  /** UTF-8 bytes written so far. */
  get byteLength(): number {
    return this.at;
  }

  /** The first `length` rows as an Arrow column (views: the builder is not used afterwards). */
  finish(length: number): Data<Utf8> {
    this.skipTo(length);
    return makeData({
      type: new Utf8(),
      length,
      valueOffsets: this.offsets.subarray(0, length + 1),
      data: this.bytes.subarray(0, this.at),
      nullCount: this.nulls,
      ...(this.nulls > 0 ? { nullBitmap: this.validity } : {}),
    });
  }

  private skipTo(row: number): void {
    const validity = this.validity;
    for (let r = this.next; r < row; r++) {
      this.offsets[r + 1] = this.at;
      validity[r >> 3]! &= ~(1 << (r & 7));
      this.nulls++;
    }
    if (row > this.next) this.next = row;
  }

  private grow(needed: number): void {
    let size = this.bytes.length * 2;
    while (size < needed) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.bytes.subarray(0, this.at));
    this.bytes = bigger;
    this.view = new DataView(bigger.buffer);
  }
}

/** A DOUBLE column. */
export class NumberBuilder {
  readonly values: Float64Array;
  readonly validity: Uint8Array;

  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
    this.validity = emptyValidity(capacity);
  }

  set(row: number, value: number): void {
    this.values[row] = value;
    setValid(this.validity, row);
  }

  finish(length: number): Data<Float64> {
    const data = this.values.subarray(0, length);
    return makeData({ type: new Float64(), length, data, ...withValidity(this.validity, length) });
  }
}

/** A BOOLEAN column. */
export class BoolBuilder {
  readonly bits: Uint8Array;
  readonly validity: Uint8Array;

  constructor(capacity: number) {
    this.bits = emptyValidity(capacity);
    this.validity = emptyValidity(capacity);
  }

  set(row: number, value: boolean): void {
    if (value) setValid(this.bits, row);
    setValid(this.validity, row);
  }

  finish(length: number): Data<Bool> {
    return makeData({
      type: new Bool(),
      length,
      data: this.bits,
      ...withValidity(this.validity, length),
    });
  }
}

export function isValid(validity: Uint8Array, row: number): boolean {
  return ((validity[row >> 3]! >> (row & 7)) & 1) === 1;
}
