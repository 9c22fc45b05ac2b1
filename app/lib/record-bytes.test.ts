import { describe, expect, it } from 'vitest';
import { hexDump, valueBytes, visibleText } from './record-bytes.ts';

describe('a record value as bytes', () => {
  it('decodes base64 and encodes text as UTF-8 (U+FFFD as EF BF BD)', () => {
    expect(Array.from(valueBytes({ value: 'AAECAwQ=', base64: true })!)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(valueBytes({ value: '\u0000\ufffd\u0010é', base64: false })!)).toEqual([
      0x00, 0xef, 0xbf, 0xbd, 0x10, 0xc3, 0xa9,
    ]);
    expect(valueBytes({ value: null, base64: false })).toBeNull();
  });

  it('dumps 16 bytes a line with offsets and printable ASCII', () => {
    const bytes = Uint8Array.from({ length: 18 }, (_, i) => 0x41 + i);
    bytes[1] = 0;
    expect(hexDump(bytes)).toBe(
      '00000000  41 00 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f 50  A.CDEFGHIJKLMNOP\n' +
        '00000010  51 52                                            QR',
    );
    expect(hexDump(bytes, 16).split('\n')[1]).toBe('… 2 more bytes');
  });

  it('shows control characters as escapes, keeping tabs, line feeds and U+FFFD', () => {
    expect(visibleText('a\u0000b\u0010\tc\n\ufffd\u007f')).toBe(
      'a\\u0000b\\u0010\tc\n\ufffd\\u007f',
    );
  });
});
