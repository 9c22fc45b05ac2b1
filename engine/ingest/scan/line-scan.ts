/**
 * A byte-level reader for the common shape of a recording line, so that a bulk loader can copy
 * field bytes straight into columns instead of building strings and objects. It accepts only
 * lines whose meaning it is sure of and answers false for anything else (escapes where a value
 * is taken, big offsets, binary payloads, payloads that are not flat JSON objects, invalid
 * UTF-8, any syntax error…): the caller then decodes that line with `parseRecordingLine`, which
 * gives the same record, or the malformed-line report.
 */
import { FAIL, JsonBytes, NEWLINE, QUOTE, scanNull, skipWs } from './json-bytes.ts';
import { nameHash, NameTable } from './name-table.ts';
import { scanPayloadObject, type PayloadScanState } from './payload-scan.ts';

/**
 * Scans recording lines one at a time; after a successful `scan` its fields describe the line.
 * Ranges index the scanned bytes; strings are the UTF-8 between their quotes, with no escapes
 * in them. Topic names get ids, and so do member names, per topic (both stable for the
 * scanner's life), so that a loader can find its columns without building strings.
 */
export class RecordingLineScanner implements PayloadScanState {
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
  /** the headers array, `[` to `]` inclusive; -1 when there is none or it is empty */
  headersStart = -1;
  headersEnd = -1;
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

  /** @internal the JSON scans, with their results */
  readonly json = new JsonBytes();
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

  /** Drops the scanner's hold on the bytes it last scanned (it keeps a view of them). */
  release(): void {
    this.json.release();
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
  const json = out.json;
  json.use(bytes);
  // The block's end bounds every loop; none crosses a \n (no string holds one, `skipWs` stops there).
  const end = bytes.length;
  let i = skipWs(bytes, start, end);
  if (bytes[i] !== 0x7b) return FAIL;
  out.topic = -1;
  out.timestamp = NaN;
  out.traceparentStart = out.traceparentEnd = -1;
  out.headersStart = out.headersEnd = -1;
  let seen = 0;
  i = skipWs(bytes, i + 1, end);
  for (;;) {
    if (bytes[i] !== QUOTE) return FAIL;
    let member = knownMember(bytes, json.view, i + 1, end);
    if (member !== OTHER) i += 1 + nameLength(member);
    else {
      const nameStart = i + 1;
      i = json.scanString(bytes, nameStart, end);
      if (i === FAIL || json.escaped) return FAIL;
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
        i = json.scanInteger(bytes, i, end, false);
        if (i === FAIL) return FAIL;
        out.partition = json.number;
        break;
      case OFFSET:
        i = json.scanInteger(bytes, i, end, false);
        if (i === FAIL) return FAIL;
        out.offset = json.number;
        break;
      case TS:
        i = json.scanInteger(bytes, i, end, true);
        if (i === FAIL) return FAIL;
        out.timestamp = json.number;
        break;
      case TSTYPE:
        if (bytes[i] !== QUOTE) return FAIL;
        i = json.scanString(bytes, i + 1, end);
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
          i = json.scanString(bytes, i + 1, end);
          if (i === FAIL || json.escaped) return FAIL;
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
        i = json.skipScalar(bytes, i, end);
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
  const json = out.json;
  const start = i;
  i = json.scanString(b, start, end);
  if (i === FAIL || json.escaped || i === start) return FAIL;
  const topics = out.topics;
  const last = out.lastTopic;
  if (
    last >= 0 &&
    topics.byteLength(last) === i - start &&
    topics.startsWith(last, b, json.view, start)
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
const TRAC = int32Of('trac');
const EPAR = int32Of('epar');

/**
 * The envelope member whose name starts at `i` (after its quote), for the names kcat writes,
 * reading four bytes at a time from `v` (`b` as a DataView); the name is `nameLength(member)`
 * bytes long. `OTHER` when unsure: `envelopeMember` decides.
 */
function knownMember(b: Uint8Array, v: DataView, i: number, end: number): number {
  if (i + 12 > end) return OTHER;
  switch (v.getInt32(i, true)) {
    case TOPI:
      return b[i + 4] === 0x63 && b[i + 5] === QUOTE ? TOPIC : OTHER;
    case PART:
      return v.getInt32(i + 4, true) === ITIO && b[i + 8] === 0x6e && b[i + 9] === QUOTE
        ? PARTITION
        : OTHER;
    case OFFS:
      return b[i + 4] === 0x65 && b[i + 5] === 0x74 && b[i + 6] === QUOTE ? OFFSET : OTHER;
    case TSTY:
      return b[i + 4] === 0x70 && b[i + 5] === 0x65 && b[i + 6] === QUOTE ? TSTYPE : OTHER;
    case TS_Q:
      return TS;
    case HEAD:
      return b[i + 4] === 0x65 && b[i + 5] === 0x72 && b[i + 6] === 0x73 && b[i + 7] === QUOTE
        ? HEADERS
        : OTHER;
    case KEY_Q:
      return KEY;
    case BROK:
      return b[i + 4] === 0x65 && b[i + 5] === 0x72 && b[i + 6] === QUOTE ? BROKER : OTHER;
    case PAYL:
      return v.getInt32(i + 4, true) === OAD_Q ? PAYLOAD : OTHER;
    default:
      return OTHER;
  }
}

/** The length in bytes of the name of envelope member `member` (not `OTHER`). */
function nameLength(member: number): number {
  switch (member) {
    case TS:
      return 2;
    case KEY:
      return 3;
    case TOPIC:
      return 5;
    case HEADERS:
    case PAYLOAD:
      return 7;
    case PARTITION:
      return 9;
    default:
      // offset, tstype, broker
      return 6;
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

/**
 * kcat's flat `[name, value, …]` headers: names are strings, values strings or null, pairs
 * complete. Notes the first `traceparent` header's value.
 */
function scanHeaders(b: Uint8Array, i: number, end: number, out: RecordingLineScanner): number {
  const json = out.json;
  if (b[i] !== 0x5b) return FAIL;
  const open = i;
  i = skipWs(b, i + 1, end);
  if (b[i] === 0x5d) return i + 1;
  let found = false;
  for (;;) {
    // name
    if (b[i] !== QUOTE) return FAIL;
    const nameStart = i + 1;
    i = json.scanString(b, nameStart, end);
    if (i === FAIL || json.escaped) return FAIL;
    const isTraceparent =
      !found &&
      i - nameStart === 11 &&
      json.view.getInt32(nameStart, true) === TRAC &&
      json.view.getInt32(nameStart + 4, true) === EPAR &&
      b[nameStart + 8] === 0x65 &&
      b[nameStart + 9] === 0x6e &&
      b[nameStart + 10] === 0x74;
    i = skipWs(b, i + 1, end);
    if (b[i] !== 0x2c) return FAIL;
    i = skipWs(b, i + 1, end);
    // value
    if (b[i] === QUOTE) {
      const valueStart = i + 1;
      i = json.scanString(b, valueStart, end);
      if (i === FAIL) return FAIL;
      if (isTraceparent) {
        if (json.escaped) return FAIL;
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
    if (b[i] === 0x5d) {
      out.headersStart = open;
      out.headersEnd = i + 1;
      return i + 1;
    }
    if (b[i] !== 0x2c) return FAIL;
    i = skipWs(b, i + 1, end);
  }
}
