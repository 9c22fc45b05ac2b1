/**
 * Byte-level JSON scanning for recording lines: strings, numbers, literals and whitespace read
 * from UTF-8 bytes in place. Each function takes the position to start at and returns the one
 * after what it read, or `FAIL`; strict JSON grammar throughout (anything else fails). What a
 * scan finds besides a position (a string's escapes, a number's value) is left in fields of a
 * `JsonBytes`, one per scanner, so nothing is allocated per value.
 */

export const FAIL = -1;
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const NEWLINE = 0x0a;
/** Integers of at most this many digits are exact as doubles. */
const MAX_DIGITS = 15;

/** Bytes a string scan must look at: controls, `"`, `\` and non-ASCII. */
const SPECIAL = new Uint8Array(256);
for (let b = 0; b < 256; b++)
  SPECIAL[b] = b < 0x20 || b === QUOTE || b === BACKSLASH || b >= 0x80 ? 1 : 0;

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

const EMPTY_VIEW = new DataView(new ArrayBuffer(0));

/**
 * The scans that read more than a position: each leaves its result in a field (valid until the
 * next scan), and reads the bytes four at a time through `view` (see `use`).
 */
export class JsonBytes {
  /** The bytes being scanned as a DataView, to read four bytes at once (see `use`). */
  view: DataView = EMPTY_VIEW;
  private viewBytes: Uint8Array | null = null;
  /** whether the string `scanString` last read has an escape */
  escaped = false;
  /** the value of the number `scanInteger` or `scanNumber` last read */
  number = 0;

  /** Makes `view` show `bytes`, the bytes about to be scanned. */
  use(bytes: Uint8Array): void {
    if (bytes !== this.viewBytes) {
      this.viewBytes = bytes;
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
  }

  /** Lets go of the bytes last scanned. */
  release(): void {
    this.viewBytes = null;
    this.view = EMPTY_VIEW;
  }

  /**
   * From just after an opening quote to its closing quote (returned), checking escapes and
   * UTF-8; sets `escaped` when the string has any escape.
   */
  scanString(b: Uint8Array, i: number, end: number): number {
    this.escaped = false;
    for (;;) {
      i = this.skipPlain(b, i, end);
      if (i >= end) return FAIL;
      const c = b[i]!;
      if (c === QUOTE) return i;
      if (c === BACKSLASH) {
        this.escaped = true;
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
  skipPlain(b: Uint8Array, i: number, end: number): number {
    const v = this.view;
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
      // The lowest flagged byte is a true one (a false flag only follows a true one), and the
      // bytes are little-endian: the first special byte is the lowest flag's.
      if (found !== 0) return i + ((31 - Math.clz32(found & -found)) >> 3);
      i += 4;
    }
    while (i < end && SPECIAL[b[i]!] === 0) i++;
    return i;
  }

  /** A JSON integer of at most 15 digits (so exact as a double) into `number`. */
  scanInteger(b: Uint8Array, i: number, end: number, signed: boolean): number {
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
    this.number = negative ? -value : value;
    return i;
  }

  /** Past a string, number, true, false or null (objects and arrays are declined). */
  skipScalar(b: Uint8Array, i: number, end: number): number {
    const c = b[i];
    if (c === QUOTE) {
      i = this.scanString(b, i + 1, end);
      return i === FAIL ? FAIL : i + 1;
    }
    if (c === 0x6e) return scanNull(b, i);
    if (c === 0x74) {
      return b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65 ? i + 4 : FAIL;
    }
    if (c === 0x66) {
      return b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65
        ? i + 5
        : FAIL;
    }
    return this.scanNumber(b, i, end);
  }

  /**
   * A JSON number (strict grammar) from `i`; `number` gets its value as `JSON.parse` reads it.
   * Up to 15 significant digits and a power of ten up to 22 are exact doubles, so one
   * multiplication or division rounds correctly (Clinger's fast path); longer numbers go
   * through `Number`, which rounds as `JSON.parse` does.
   */
  scanNumber(b: Uint8Array, i: number, end: number): number {
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
      this.number = negative ? -magnitude : magnitude;
    } else {
      let text = '';
      for (let k = start; k < i; k++) text += String.fromCharCode(b[k]!);
      this.number = Number(text);
    }
    return i;
  }
}

/** JSON whitespace but `\n`, which ends the line. */
export function skipWs(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
    i++;
  }
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
export function skipUtf8(b: Uint8Array, i: number, end: number): number {
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

/** Past a `null` at `i`, or FAIL. */
export function scanNull(b: Uint8Array, i: number): number {
  return b[i] === 0x6e && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c
    ? i + 4
    : FAIL;
}
