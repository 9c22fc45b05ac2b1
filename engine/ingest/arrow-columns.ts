import {
  Bool,
  Field,
  Float64,
  Int32,
  Int64,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Utf8,
  makeData,
  tableToIPC,
  type Data,
  type DataType,
} from 'apache-arrow';

/**
 * Arrow columns built straight from typed arrays, without apache-arrow's generic builders
 * (which cost more than the JSON parsing in front of them).
 */

/** A validity bitmap (bit set = value present) for `length` rows, all absent. */
export function emptyValidity(length: number): Uint8Array {
  return new Uint8Array((length + 7) >> 3);
}

export function setValid(validity: Uint8Array, row: number): void {
  validity[row >> 3]! |= 1 << (row & 7);
}

function nullCountOf(validity: Uint8Array, length: number): number {
  let present = 0;
  for (let row = 0; row < length; row++) present += (validity[row >> 3]! >> (row & 7)) & 1;
  return length - present;
}

/** `nullCount` and, when some row is null, `nullBitmap`: the validity props of `makeData`. */
export function withValidity(validity: Uint8Array | null, length: number) {
  if (!validity) return { nullCount: 0 };
  const nullCount = nullCountOf(validity, length);
  return nullCount === 0 ? { nullCount } : { nullCount, nullBitmap: validity };
}

export function float64Column(values: Float64Array, validity: Uint8Array | null): Data<Float64> {
  const length = values.length;
  return makeData({ type: new Float64(), length, data: values, ...withValidity(validity, length) });
}

export function int32Column(values: Int32Array): Data<Int32> {
  return makeData({ type: new Int32(), length: values.length, data: values, nullCount: 0 });
}

export function int64Column(values: BigInt64Array): Data<Int64> {
  return makeData({ type: new Int64(), length: values.length, data: values, nullCount: 0 });
}

const TWO_32 = 2 ** 32;

/**
 * An Int64 column from integral doubles (|value| < 2^53), written as 32-bit halves: a
 * `BigInt()` per value would cost more than the rest of the column.
 */
export function int64FromFloat64(values: Float64Array, validity: Uint8Array | null): Data<Int64> {
  const length = values.length;
  const words = new Int32Array(length * 2);
  for (let i = 0; i < length; i++) {
    const v = values[i]!;
    const high = Math.floor(v / TWO_32);
    words[2 * i] = v - high * TWO_32; // low word, unsigned; Int32Array keeps its bits
    words[2 * i + 1] = high;
  }
  const data = new BigInt64Array(words.buffer);
  return makeData({ type: new Int64(), length, data, ...withValidity(validity, length) });
}

/** `bits` holds the values (bit set = true), `validity` which rows have one. */
export function boolColumn(bits: Uint8Array, validity: Uint8Array, length: number): Data<Bool> {
  return makeData({ type: new Bool(), length, data: bits, ...withValidity(validity, length) });
}

/** A column of `length` nulls. */
export function nullColumn(type: DataType, length: number): Data {
  const validity = emptyValidity(length);
  if (type instanceof Utf8) {
    return makeData({
      type,
      length,
      nullCount: length,
      nullBitmap: validity,
      valueOffsets: new Int32Array(length + 1),
      data: new Uint8Array(0),
    });
  }
  if (type instanceof Bool) return boolColumn(emptyValidity(length), validity, length);
  if (type instanceof Float64) return float64Column(new Float64Array(length), validity);
  throw new Error(`invalid column type for a null column: ${String(type)}`);
}

const encoder = new TextEncoder();

/**
 * A UTF-8 column from `values[0..length)` (null or undefined = absent). Encodes all strings in
 * one call; when the text is pure ASCII the character offsets are the byte offsets.
 */
export function utf8Column(
  values: ArrayLike<string | null | undefined>,
  length: number,
): Data<Utf8> {
  const offsets = new Int32Array(length + 1);
  const validity = emptyValidity(length);
  const parts: string[] = [];
  let chars = 0;
  for (let row = 0; row < length; row++) {
    const value = values[row];
    if (value != null) {
      parts.push(value);
      chars += value.length;
      setValid(validity, row);
    }
    offsets[row + 1] = chars;
  }
  const joined = parts.join('');
  const data = encoder.encode(joined);
  if (data.length !== joined.length) byteOffsets(values, length, offsets);
  return makeData({
    type: new Utf8(),
    length,
    valueOffsets: offsets,
    data,
    ...withValidity(validity, length),
  });
}

/** Non-ASCII text: turns character offsets into UTF-8 byte offsets, as TextEncoder counts them. */
function byteOffsets(
  values: ArrayLike<string | null | undefined>,
  length: number,
  offsets: Int32Array,
): void {
  let at = 0;
  for (let row = 0; row < length; row++) {
    const value = values[row];
    if (value != null) at += utf8Length(value);
    offsets[row + 1] = at;
  }
}

function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 code units
      i++;
    } else bytes += 2; // other BMP characters and lone surrogates (U+FFFD) take 3 bytes
  }
  return bytes;
}

/**
 * Record batches of the same columns as one Arrow IPC stream, for `insertArrowFromIPCStream`
 * (bytes rather than `insertArrowTable`: under Node the bindings load apache-arrow's CommonJS
 * build, whose classes are not this module's). `names` become the column names of a table
 * created from the stream; an insert into an existing table goes by position.
 */
export function ipcStreamOf(names: readonly string[], batches: readonly Data[][]): Uint8Array {
  const first = batches[0];
  if (!first) throw new Error('invalid Arrow stream: no batches');
  const fields = first.map((c, i) => new Field(names[i] ?? `c${i}`, c.type, true));
  const schema = new Schema(fields);
  const records = batches.map((columns) => {
    const length = columns[0]?.length ?? 0;
    const struct = makeData({ type: new Struct(fields), length, nullCount: 0, children: columns });
    return new RecordBatch(schema, struct);
  });
  return tableToIPC(new Table(records), 'stream');
}
