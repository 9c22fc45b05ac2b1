/**
 * Reads a payload that is a flat JSON object written as a JSON string (its quotes are `\"`),
 * straight from the recording line's bytes: each member's name (as an id, per topic) and value.
 */
import { BACKSLASH, FAIL, QUOTE, scanNull, skipUtf8, type JsonBytes } from './json-bytes.ts';
import { nameHash, type NameTable } from './name-table.ts';

/**
 * Member names a topic's table keeps; a line with a name beyond them takes the full decoder
 * (payloads keyed by ids would otherwise grow it without end).
 */
const MAX_NAMES_PER_TOPIC = 2048;

/** Kinds of a payload member's value. */
export const MEMBER_NULL = 0;
export const MEMBER_NUMBER = 1;
export const MEMBER_TRUE = 2;
export const MEMBER_FALSE = 3;
/** a string without escapes: its UTF-8 is `bytes[valueStart, valueEnd)` */
export const MEMBER_STRING = 4;

/**
 * What `scanPayloadObject` reads (the line's topic, its member names and last shape) and writes
 * (the members): the fields of a `RecordingLineScanner`, which documents them.
 */
export interface PayloadScanState {
  readonly json: JsonBytes;
  readonly topic: number;
  readonly topicNames: readonly NameTable[];
  readonly shapes: Int32Array[];
  members: number;
  readonly nameIds: Int32Array;
  readonly kinds: Uint8Array;
  readonly valueStarts: Int32Array;
  readonly valueEnds: Int32Array;
  readonly numbers: Float64Array;
  /** Room for one more member (the arrays above are replaced). */
  grow(): void;
}

/**
 * The payload string, from just after its opening quote, when its text is a flat JSON object:
 * members into `out`, returns the position of the closing quote + 1. The object's own quotes
 * are `\"` here; any other escape, a nested object or array declines the line.
 */
export function scanPayloadObject(
  b: Uint8Array,
  i: number,
  end: number,
  out: PayloadScanState,
): number {
  const json = out.json;
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
        names.startsWith(expected, b, json.view, nameStart)
      ) {
        out.nameIds[m] = expected;
      } else {
        nameEnd = scanInnerString(json, b, nameStart, end);
        if (nameEnd === FAIL) return FAIL;
        const hash = nameHash(b, nameStart, nameEnd);
        const id = names.idOf(b, nameStart, nameEnd, hash, MAX_NAMES_PER_TOPIC);
        if (id < 0) return FAIL;
        out.nameIds[m] = shape[m] = id;
      }
      i = skipInnerWs(b, nameEnd + 2, end);
      if (b[i] !== 0x3a) return FAIL;
      i = skipInnerWs(b, i + 1, end);
      const c = b[i];
      if (c === BACKSLASH) {
        if (b[i + 1] !== QUOTE) return FAIL;
        out.valueStarts[m] = i + 2;
        i = scanInnerString(json, b, i + 2, end);
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
        i = json.scanNumber(b, i, end);
        out.kinds[m] = MEMBER_NUMBER;
        out.numbers[m] = json.number;
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
function scanInnerString(json: JsonBytes, b: Uint8Array, i: number, end: number): number {
  for (;;) {
    i = json.skipPlain(b, i, end);
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
