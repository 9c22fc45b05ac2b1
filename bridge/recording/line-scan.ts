/**
 * A byte-level reader for the common shape of a recording line, so that a bulk loader can copy
 * field bytes straight into columns instead of building strings and objects. It accepts only
 * lines whose meaning it is sure of and answers false for anything else (escapes where a value
 * is taken, big offsets, binary payloads, payloads that are not flat JSON objects, invalid
 * UTF-8, any syntax error…): the caller then decodes that line with `parseRecordingLine`, which
 * gives the same record, or the malformed-line report.
 */
import { nameHash, NameTable } from './name-table.ts';

/** Kinds of a payload member's value. */
export const MEMBER_NULL = 0;
export const MEMBER_NUMBER = 1;
export const MEMBER_TRUE = 2;
export const MEMBER_FALSE = 3;
/** a string without escapes: its UTF-8 is `bytes[valueStart, valueEnd)` */
export const MEMBER_STRING = 4;

/**
 * Scans recording lines one at a time; after a successful `scan` its fields describe the line.
 * Ranges index the scanned bytes; strings are the UTF-8 between their quotes, with no escapes
 * in them. Topic names get ids, and so do member names, per topic (both stable for the
 * scanner's life), so that a loader can find its columns without building strings.
 */
export class RecordingLineScanner {
  /** id of the topic (see `topicName`) */
  topic = -1;
  partition = 0;
  /** a safe integer (the scanner declines longer offsets) */
  offset = 0;
  /** NaN when the record has none */
  timestamp = NaN;
  /** -1 when the key is null */
  keyStart = -1;
  keyEnd = -1;
  /** value of the first `traceparent` header; -1 when there is none or it is null */
  traceparentStart = -1;
  traceparentEnd = -1;
  /** false for a tombstone (null payload) */
  hasPayload = false;
  /** members of the payload's JSON object, in their order in the text */
  members = 0;
  /** per member: its name's id within the topic (see `memberName`) */
  nameIds = new Int32Array(32);
  kinds = new Uint8Array(32);
  valueStarts = new Int32Array(32);
  valueEnds = new Int32Array(32);
  /** the value of a `MEMBER_NUMBER`, as `JSON.parse` reads it */
  numbers = new Float64Array(32);

  /** @internal */ readonly topics = new NameTable();
  /** @internal per topic: its member names, and the name ids of its last scanned payload */
  readonly topicNames: NameTable[] = [];
  /** @internal */ readonly shapes: Int32Array[] = [];
  /** @internal the topic of the line scanned before */
  lastTopic = -1;

  /**
   * Scans the line that begins at `bytes[start]`. Returns where it ends (the index of its `\n`,
   * or `bytes.length`) when it is a kcat envelope of the common shape; -1 when the caller must
   * find its end and read it with `parseRecordingLine` instead.
   */
  scan(bytes: Uint8Array, start: number): number {
    return scanLine(bytes, start, this);
  }

  /** The name of topic `id`. */
  topicName(id: number): string {
    return this.topics.name(id);
  }

  /** The member name `id` of topic `topic`. */
  memberName(topic: number, id: number): string {
    return this.topicNames[topic]!.name(id);
  }

  /** @internal Room for one more member. */
  grow(): void {
    const size = this.kinds.length * 2;
    const int32 = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.nameIds = int32(this.nameIds);
    this.valueStarts = int32(this.valueStarts);
    this.valueEnds = int32(this.valueEnds);
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    this.kinds = kinds;
    const numbers = new Float64Array(size);
    numbers.set(this.numbers);
    this.numbers = numbers;
  }
}

const FAIL = -1;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const MAX_DIGITS = 15;

/** Bytes a string scan must look at: controls, `"`, `\` and non-ASCII. */
const SPECIAL = new Uint8Array(256);
for (let b = 0; b < 256; b++)
  SPECIAL[b] = b < 0x20 || b === QUOTE || b === BACKSLASH || b >= 0x80 ? 1 : 0;

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** `viewBytes` as a DataView, to read four bytes at once */
let view: DataView = new DataView(new ArrayBuffer(0));
let viewBytes: Uint8Array | null = null;
// Results of the scanning helpers besides the position they return (one line is scanned at a time).
let escaped = false;
let scannedNumber = 0;

// Envelope members, as bits for the seen-set.
const TOPIC = 1;
const PARTITION = 2;
const OFFSET = 4;
const TS = 8;
const TSTYPE = 16;
const HEADERS = 32;
const KEY = 64;
const PAYLOAD = 128;
/** kcat's `broker`, not read */
const BROKER = 256;
const OTHER = 1 << 30;
const REQUIRED = TOPIC | PARTITION | OFFSET | KEY | PAYLOAD;

function scanLine(bytes: Uint8Array, start: number, out: RecordingLineScanner): number {
  if (bytes !== viewBytes) {
    viewBytes = bytes;
    view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  // The block's end bounds every loop; none crosses a \n (no string holds one, `skipWs` stops there).
  const end = bytes.length;
  let i = skipWs(bytes, start, end);
  if (bytes[i] !== 0x7b) return FAIL;
  out.topic = -1;
  out.timestamp = NaN;
  out.traceparentStart = out.traceparentEnd = -1;
  let seen = 0;
  i = skipWs(bytes, i + 1, end);
  for (;;) {
    if (bytes[i] !== QUOTE) return FAIL;
    let member = knownMember(bytes, i + 1, end);
    if (member !== OTHER) i = nameEnd;
    else {
      const nameStart = i + 1;
      i = scanString(bytes, nameStart, end);
      if (i === FAIL || escaped) return FAIL;
      member = envelopeMember(bytes, nameStart, i);
      if (member === FAIL) return FAIL;
    }
    if (member !== OTHER) {
      if ((seen & member) !== 0) return FAIL;
      seen |= member;
    }
    i = skipWs(bytes, i + 1, end);
    if (bytes[i] !== 0x3a) return FAIL;
    i = skipWs(bytes, i + 1, end);
    switch (member) {
      case TOPIC:
        if (bytes[i] !== QUOTE) return FAIL;
        i = scanTopic(bytes, i + 1, end, out);
        if (i === FAIL) return FAIL;
        break;
      case PARTITION:
        i = scanInteger(bytes, i, end, false);
        if (i === FAIL) return FAIL;
        out.partition = scannedNumber;
        break;
      case OFFSET:
        i = scanInteger(bytes, i, end, false);
        if (i === FAIL) return FAIL;
        out.offset = scannedNumber;
        break;
      case TS:
        i = scanInteger(bytes, i, end, true);
        if (i === FAIL) return FAIL;
        out.timestamp = scannedNumber;
        break;
      case TSTYPE:
        if (bytes[i] !== QUOTE) return FAIL;
        i = scanString(bytes, i + 1, end);
        if (i === FAIL) return FAIL;
        i++;
        break;
      case HEADERS:
        i = scanHeaders(bytes, i, end, out);
        if (i === FAIL) return FAIL;
        break;
      case KEY:
        if (bytes[i] === QUOTE) {
          out.keyStart = i + 1;
          i = scanString(bytes, i + 1, end);
          if (i === FAIL || escaped) return FAIL;
          out.keyEnd = i++;
        } else {
          i = scanNull(bytes, i);
          if (i === FAIL) return FAIL;
          out.keyStart = out.keyEnd = -1;
        }
        break;
      case PAYLOAD:
        if (bytes[i] === QUOTE) {
          // Member names are per topic: a payload before the topic takes the full decoder.
          if (out.topic < 0) return FAIL;
          i = scanPayloadObject(bytes, i + 1, end, out);
          if (i === FAIL) return FAIL;
          out.hasPayload = true;
        } else {
          i = scanNull(bytes, i);
          if (i === FAIL) return FAIL;
          out.hasPayload = false;
          out.members = 0;
        }
        break;
      default:
        i = skipScalar(bytes, i, end);
        if (i === FAIL) return FAIL;
    }
    i = skipWs(bytes, i, end);
    if (bytes[i] === 0x2c) {
      i = skipWs(bytes, i + 1, end);
      continue;
    }
    if (bytes[i] !== 0x7d) return FAIL;
    break;
  }
  if ((seen & REQUIRED) !== REQUIRED) return FAIL;
  i = skipWs(bytes, i + 1, end);
  return i === end || bytes[i] === NEWLINE ? i : FAIL;
}

/** The topic name, from after its opening quote: sets `out.topic`, returns past its closing quote. */
function scanTopic(b: Uint8Array, i: number, end: number, out: RecordingLineScanner): number {
  const start = i;
  i = scanString(b, start, end);
  if (i === FAIL || escaped || i === start) return FAIL;
  const topics = out.topics;
  const last = out.lastTopic;
  if (
    last >= 0 &&
    topics.byteLength(last) === i - start &&
    topics.startsWith(last, b, view, start)
  ) {
    out.topic = last;
  } else {
    out.topic = out.lastTopic = topics.idOf(b, start, i, nameHash(b, start, i));
    if (out.topic === out.topicNames.length) {
      out.topicNames.push(new NameTable());
      out.shapes.push(new Int32Array(16).fill(-1));
    }
  }
  return i + 1;
}

/** Where the name `knownMember` matched ends (its closing quote). */
let nameEnd = 0;

const int32Of = (ascii: string): number =>
  ascii.charCodeAt(0) |
  (ascii.charCodeAt(1) << 8) |
  (ascii.charCodeAt(2) << 16) |
  (ascii.charCodeAt(3) << 24);
const TOPI = int32Of('topi');
const PART = int32Of('part');
const ITIO = int32Of('itio');
const OFFS = int32Of('offs');
const TSTY = int32Of('tsty');
const TS_Q = int32Of('ts":');
const HEAD = int32Of('head');
const BROK = int32Of('brok');
const KEY_Q = int32Of('key"');
const PAYL = int32Of('payl');
const OAD_Q = int32Of('oad"');

/**
 * The envelope member whose name starts at `i` (after its quote), for the names kcat writes,
 * reading four bytes at a time; sets `nameEnd`. `OTHER` when unsure: `envelopeMember` decides.
 */
function knownMember(b: Uint8Array, i: number, end: number): number {
  if (i + 12 > end) return OTHER;
  const v = view;
  switch (v.getInt32(i, true)) {
    case TOPI:
      if (b[i + 4] !== 0x63 || b[i + 5] !== QUOTE) return OTHER;
      nameEnd = i + 5;
      return TOPIC;
    case PART:
      if (v.getInt32(i + 4, true) !== ITIO || b[i + 8] !== 0x6e || b[i + 9] !== QUOTE) return OTHER;
      nameEnd = i + 9;
      return PARTITION;
    case OFFS:
      if (b[i + 4] !== 0x65 || b[i + 5] !== 0x74 || b[i + 6] !== QUOTE) return OTHER;
      nameEnd = i + 6;
      return OFFSET;
    case TSTY:
      if (b[i + 4] !== 0x70 || b[i + 5] !== 0x65 || b[i + 6] !== QUOTE) return OTHER;
      nameEnd = i + 6;
      return TSTYPE;
    case TS_Q:
      nameEnd = i + 2;
      return TS;
    case HEAD:
      if (b[i + 4] !== 0x65 || b[i + 5] !== 0x72 || b[i + 6] !== 0x73 || b[i + 7] !== QUOTE) {
        return OTHER;
      }
      nameEnd = i + 7;
      return HEADERS;
    case KEY_Q:
      nameEnd = i + 3;
      return KEY;
    case BROK:
      if (b[i + 4] !== 0x65 || b[i + 5] !== 0x72 || b[i + 6] !== QUOTE) return OTHER;
      nameEnd = i + 6;
      return BROKER;
    case PAYL:
      if (v.getInt32(i + 4, true) !== OAD_Q) return OTHER;
      nameEnd = i + 7;
      return PAYLOAD;
    default:
      return OTHER;
  }
}

/** Which envelope member a name is; `OTHER` for `broker` and names kcat does not write. */
function envelopeMember(b: Uint8Array, s: number, e: number): number {
  switch (e - s) {
    case 2:
      return b[s] === 0x74 && b[s + 1] === 0x73 ? TS : OTHER;
    case 3:
      return is(b, s, 'key') ? KEY : OTHER;
    case 5:
      return is(b, s, 'topic') ? TOPIC : OTHER;
    case 6:
      return is(b, s, 'offset') ? OFFSET : is(b, s, 'tstype') ? TSTYPE : OTHER;
    case 7:
      return is(b, s, 'payload') ? PAYLOAD : is(b, s, 'headers') ? HEADERS : OTHER;
    case 9:
      return is(b, s, 'partition') ? PARTITION : OTHER;
    case 16:
      // payload_encoding: binary values take the full decoder
      return is(b, s, 'payload_encoding') ? FAIL : OTHER;
    default:
      return OTHER;
  }
}

function is(b: Uint8Array, s: number, ascii: string): boolean {
  for (let k = 0; k < ascii.length; k++) if (b[s + k] !== ascii.charCodeAt(k)) return false;
  return true;
}

/** JSON whitespace but `\n`, which ends the line. */
function skipWs(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
    i++;
  }
  return i;
}

/**
 * From just after an opening quote to its closing quote (returned), checking escapes and UTF-8;
 * sets `escaped` when the string has any escape.
 */
function scanString(b: Uint8Array, i: number, end: number): number {
  escaped = false;
  for (;;) {
    i = skipPlain(b, i, end);
    if (i >= end) return FAIL;
    const c = b[i]!;
    if (c === QUOTE) return i;
    if (c === BACKSLASH) {
      escaped = true;
      i = skipEscape(b, i, end);
    } else if (c >= 0x80) i = skipUtf8(b, i, end);
    else return FAIL;
    if (i === FAIL) return FAIL;
  }
}

/**
 * The first byte at or after `i` that a string scan must look at (see `SPECIAL`), or `end`.
 * Tests four bytes at a time (the bit tricks are "has a byte less than n" and "has a zero
 * byte" from Sean Anderson's Bit Twiddling Hacks).
 */
function skipPlain(b: Uint8Array, i: number, end: number): number {
  const v = view;
  while (i + 4 <= end) {
    const x = v.getInt32(i, true);
    const quote = x ^ 0x22222222;
    const slash = x ^ 0x5c5c5c5c;
    const found =
      (x |
        ((x - 0x20202020) & ~x) |
        ((quote - 0x01010101) & ~quote) |
        ((slash - 0x01010101) & ~slash)) &
      0x80808080;
    if (found !== 0) break;
    i += 4;
  }
  while (i < end && SPECIAL[b[i]!] === 0) i++;
  return i;
}

/** Past one escape sequence at `i` (a backslash), or FAIL. */
function skipEscape(b: Uint8Array, i: number, end: number): number {
  const c = b[i + 1];
  if (c === 0x75) {
    if (i + 6 > end) return FAIL;
    for (let k = i + 2; k < i + 6; k++) if (!isHex(b[k]!)) return FAIL;
    return i + 6;
  }
  // " \ / b f n r t
  if (
    c === 0x22 ||
    c === 0x5c ||
    c === 0x2f ||
    c === 0x62 ||
    c === 0x66 ||
    c === 0x6e ||
    c === 0x72 ||
    c === 0x74
  ) {
    return i + 2;
  }
  return FAIL;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/**
 * Past one well-formed UTF-8 sequence at `i`, or FAIL: the text decoder would replace a
 * malformed one, so its line takes the full decoder.
 */
function skipUtf8(b: Uint8Array, i: number, end: number): number {
  const c = b[i]!;
  let n: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) n = 1;
  else if (c >= 0xe0 && c <= 0xef) {
    n = 2;
    if (c === 0xe0) lo = 0xa0;
    else if (c === 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 3;
    if (c === 0xf0) lo = 0x90;
    else if (c === 0xf4) hi = 0x8f;
  } else return FAIL;
  if (i + n >= end) return FAIL;
  const second = b[i + 1]!;
  if (second < lo || second > hi) return FAIL;
  for (let k = 2; k <= n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return FAIL;
  return i + n + 1;
}

/** A JSON integer of at most 15 digits (so exact as a double) into `scannedNumber`. */
function scanInteger(b: Uint8Array, i: number, end: number, signed: boolean): number {
  let negative = false;
  if (signed && b[i] === 0x2d) {
    negative = true;
    i++;
  }
  const first = i;
  let value = 0;
  while (i < end) {
    const d = b[i]! - 0x30;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
    i++;
  }
  const digits = i - first;
  if (digits === 0 || digits > MAX_DIGITS || (b[first] === 0x30 && digits > 1)) return FAIL;
  const next = b[i];
  if (next === 0x2e || next === 0x65 || next === 0x45) return FAIL;
  scannedNumber = negative ? -value : value;
  return i;
}

function scanNull(b: Uint8Array, i: number): number {
  return b[i] === 0x6e && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c
    ? i + 4
    : FAIL;
}

/** Past a string, number, true, false or null (objects and arrays are declined). */
function skipScalar(b: Uint8Array, i: number, end: number): number {
  const c = b[i];
  if (c === QUOTE) {
    i = scanString(b, i + 1, end);
    return i === FAIL ? FAIL : i + 1;
  }
  if (c === 0x6e) return scanNull(b, i);
  if (c === 0x74) return b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65 ? i + 4 : FAIL;
  if (c === 0x66) {
    return b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65
      ? i + 5
      : FAIL;
  }
  return scanNumber(b, i, end);
}

/**
 * kcat's flat `[name, value, …]` headers: names are strings, values strings or null, pairs
 * complete. Notes the first `traceparent` header's value.
 */
function scanHeaders(b: Uint8Array, i: number, end: number, out: RecordingLineScanner): number {
  if (b[i] !== 0x5b) return FAIL;
  i = skipWs(b, i + 1, end);
  if (b[i] === 0x5d) return i + 1;
  let found = false;
  for (;;) {
    // name
    if (b[i] !== QUOTE) return FAIL;
    const nameStart = i + 1;
    i = scanString(b, nameStart, end);
    if (i === FAIL || escaped) return FAIL;
    const isTraceparent = !found && i - nameStart === 11 && is(b, nameStart, 'traceparent');
    i = skipWs(b, i + 1, end);
    if (b[i] !== 0x2c) return FAIL;
    i = skipWs(b, i + 1, end);
    // value
    if (b[i] === QUOTE) {
      const valueStart = i + 1;
      i = scanString(b, valueStart, end);
      if (i === FAIL) return FAIL;
      if (isTraceparent) {
        if (escaped) return FAIL;
        out.traceparentStart = valueStart;
        out.traceparentEnd = i;
      }
      i++;
    } else {
      i = scanNull(b, i);
      if (i === FAIL) return FAIL;
    }
    if (isTraceparent) found = true;
    i = skipWs(b, i, end);
    if (b[i] === 0x5d) return i + 1;
    if (b[i] !== 0x2c) return FAIL;
    i = skipWs(b, i + 1, end);
  }
}

/**
 * A JSON number (strict grammar) from `i`; `scannedNumber` gets its value as `JSON.parse` reads
 * it. Up to 15 significant digits and a power of ten up to 22 are exact doubles, so one
 * multiplication or division rounds correctly (Clinger's fast path); longer numbers go through
 * `Number`, which rounds as `JSON.parse` does.
 */
function scanNumber(b: Uint8Array, i: number, end: number): number {
  const start = i;
  let negative = false;
  if (b[i] === 0x2d) {
    negative = true;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let exponent = 0;
  const intStart = i;
  while (i < end) {
    const d = b[i]! - 0x30;
    if (d < 0 || d > 9) break;
    mantissa = mantissa * 10 + d;
    i++;
  }
  digits = i - intStart;
  if (digits === 0 || (b[intStart] === 0x30 && digits > 1)) return FAIL;
  if (b[i] === 0x2e) {
    i++;
    const fracStart = i;
    while (i < end) {
      const d = b[i]! - 0x30;
      if (d < 0 || d > 9) break;
      mantissa = mantissa * 10 + d;
      i++;
    }
    if (i === fracStart) return FAIL;
    digits += i - fracStart;
    exponent = fracStart - i;
  }
  const e = b[i];
  if (e === 0x65 || e === 0x45) {
    i++;
    let expNegative = false;
    if (b[i] === 0x2d || b[i] === 0x2b) {
      expNegative = b[i] === 0x2d;
      i++;
    }
    const expStart = i;
    let written = 0;
    while (i < end) {
      const d = b[i]! - 0x30;
      if (d < 0 || d > 9) break;
      if (written < 1e6) written = written * 10 + d;
      i++;
    }
    if (i === expStart) return FAIL;
    exponent += expNegative ? -written : written;
  }
  if (digits <= MAX_DIGITS && exponent >= -22 && exponent <= 22) {
    const magnitude = exponent < 0 ? mantissa / POW10[-exponent]! : mantissa * POW10[exponent]!;
    scannedNumber = negative ? -magnitude : magnitude;
  } else {
    let text = '';
    for (let k = start; k < i; k++) text += String.fromCharCode(b[k]!);
    scannedNumber = Number(text);
  }
  return i;
}

/**
 * The payload string, from just after its opening quote, when its text is a flat JSON object:
 * members into `out`, returns the position of the closing quote + 1. The object's own quotes
 * are `\"` here; any other escape, a nested object or array declines the line.
 */
function scanPayloadObject(
  b: Uint8Array,
  i: number,
  end: number,
  out: RecordingLineScanner,
): number {
  const names = out.topicNames[out.topic]!;
  let shape = out.shapes[out.topic]!;
  i = skipInnerWs(b, i, end);
  if (b[i] !== 0x7b) return FAIL;
  i = skipInnerWs(b, i + 1, end);
  let m = 0;
  if (b[i] !== 0x7d) {
    for (;;) {
      if (b[i] !== BACKSLASH || b[i + 1] !== QUOTE) return FAIL;
      if (m === out.kinds.length) out.grow();
      if (m === shape.length) {
        const bigger = new Int32Array(shape.length * 2).fill(-1);
        bigger.set(shape);
        shape = out.shapes[out.topic] = bigger;
      }
      // Records of a topic mostly share their member names and order: try last record's first.
      const nameStart = i + 2;
      const expected = shape[m]!;
      let nameEnd = expected < 0 ? -1 : nameStart + names.byteLength(expected);
      if (
        nameEnd >= 0 &&
        nameEnd + 1 < end &&
        b[nameEnd] === BACKSLASH &&
        b[nameEnd + 1] === QUOTE &&
        names.startsWith(expected, b, view, nameStart)
      ) {
        out.nameIds[m] = expected;
      } else {
        nameEnd = scanInnerString(b, nameStart, end);
        if (nameEnd === FAIL) return FAIL;
        out.nameIds[m] = shape[m] = names.idOf(
          b,
          nameStart,
          nameEnd,
          nameHash(b, nameStart, nameEnd),
        );
      }
      i = skipInnerWs(b, nameEnd + 2, end);
      if (b[i] !== 0x3a) return FAIL;
      i = skipInnerWs(b, i + 1, end);
      const c = b[i];
      if (c === BACKSLASH) {
        if (b[i + 1] !== QUOTE) return FAIL;
        out.valueStarts[m] = i + 2;
        i = scanInnerString(b, i + 2, end);
        if (i === FAIL) return FAIL;
        out.valueEnds[m] = i;
        out.kinds[m] = MEMBER_STRING;
        i += 2;
      } else if (c === 0x6e) {
        i = scanNull(b, i);
        out.kinds[m] = MEMBER_NULL;
      } else if (c === 0x74) {
        i = b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65 ? i + 4 : FAIL;
        out.kinds[m] = MEMBER_TRUE;
      } else if (c === 0x66) {
        i =
          b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65
            ? i + 5
            : FAIL;
        out.kinds[m] = MEMBER_FALSE;
      } else {
        i = scanNumber(b, i, end);
        out.kinds[m] = MEMBER_NUMBER;
        out.numbers[m] = scannedNumber;
      }
      if (i === FAIL) return FAIL;
      m++;
      i = skipInnerWs(b, i, end);
      if (b[i] === 0x2c) {
        i = skipInnerWs(b, i + 1, end);
        continue;
      }
      if (b[i] !== 0x7d) return FAIL;
      break;
    }
  }
  out.members = m;
  i = skipInnerWs(b, i + 1, end);
  return b[i] === QUOTE ? i + 1 : FAIL;
}

/**
 * An inner string, from after its `\"` to its closing `\"` (returned). Declines escapes within
 * it (they would be `\\…` here).
 */
function scanInnerString(b: Uint8Array, i: number, end: number): number {
  for (;;) {
    i = skipPlain(b, i, end);
    if (i >= end) return FAIL;
    const c = b[i]!;
    if (c === BACKSLASH) {
      return b[i + 1] === QUOTE ? i : FAIL;
    }
    if (c < 0x80) return FAIL;
    i = skipUtf8(b, i, end);
    if (i === FAIL) return FAIL;
  }
}

/** JSON whitespace inside the payload: spaces, and tabs, newlines and CRs written as escapes. */
function skipInnerWs(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i]!;
    if (c === 0x20) i++;
    else if (c === BACKSLASH && (b[i + 1] === 0x6e || b[i + 1] === 0x74 || b[i + 1] === 0x72))
      i += 2;
    else break;
  }
  return i;
}
