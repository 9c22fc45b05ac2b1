import { describe, expect, it } from 'vitest';
import type { KafkaRecord } from '../../../formats/index.ts';
import { RecordingLineScanner } from './line-scan.ts';
import { parseRecordingLine } from '../../../formats/index.ts';
import { decodedView as decoded, scannedView as scanned } from '../../testing/scan-agreement.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

const BASE = '{"topic":"orders","partition":3,"offset":42,"tstype":"create","ts":1767225600000';
const line = (rest: string) => `${BASE},${rest}}`;
const P = (o: Record<string, unknown>) => JSON.stringify(JSON.stringify(o));

/** Lines the scanner must read, and lines it must leave to the full decoder. */
const ACCEPTED = [
  line(`"key":"o-1","payload":${P({ status: 'PLACED', amount: 23.5, n: 2, ok: true })}`),
  line(`"broker":1,"headers":["traceparent","00-ab-01","source","app"],"key":null,"payload":null`),
  line(
    `"headers":["source","x","traceparent",null,"traceparent","second"],"key":"k","payload":"{}"`,
  ),
  line(`"headers":[],"key":"é🍕","payload":${P({ dish: 'Shawarma é 🌯', näme: 'ü' })}`),
  line(
    `"key":"k","payload":${P({ a: -0, b: 1e21, c: 0.1, d: 1.5e-7, e: -12.5, f: 123456789012345678, g: 1e400 })}`,
  ),
  line(
    `"key":"k","payload":"{\\"x\\":1E5,\\"y\\":2.50e+1,\\"z\\":-0.0,\\"w\\":4.35,\\"v\\":0.000001}"`,
  ),
  line(`"key":"k","payload":"{ \\"a\\" : 1 ,\\n\\t\\"b\\":null, \\"c\\":false}"`),
  line(`"key":"k","payload":${P({ a: 1, a2: 'x', __proto__x: 1, '1': 'one', '': 'empty' })}`),
  `  {"partition":0,"topic":"t","key":"k","offset":1,"payload":"{\\"a\\":\\"b\\"}","extra":"\\u00e9"}\t `,
  `{"topic":"t","partition":0,"offset":9007199254740,"ts":-5,"key":"k","payload":"{\\"a\\":1}"}`,
];

const DECLINED = [
  line(`"key":"o\\"1","payload":"{}"`), // escaped key
  `{"topic":"t\\u0041","partition":0,"offset":1,"key":null,"payload":null}`, // escaped topic
  line(`"headers":["trace\\u0070arent","v"],"key":null,"payload":null`), // escaped header name
  line(`"headers":["traceparent","a\\u0062"],"key":null,"payload":null`), // escaped traceparent
  line(`"key":"k","payload":${P({ note: 'tab\there "q"' })}`), // escapes inside the payload text
  line(`"key":"k","payload":${P({ nested: { a: 1 } })}`),
  line(`"key":"k","payload":${P({ list: [1, 2] })}`),
  line(`"key":"k","payload":"[1,2]"`),
  line(`"key":"k","payload":"42"`),
  line(`"key":"k","payload":"plain text"`),
  line(`"key":"k","payload":"{\\"broken"`),
  line(`"key":"k","payload":"{\\"a\\":01}"`), // not JSON inside
  line(`"key":"k","payload":"{\\"a\\":1}x"`),
  line(`"key":"p","payload":"3q2+7w==","payload_encoding":"base64"`),
  '{"topic":"t","partition":0,"offset":9007199254740993,"key":null,"payload":null}', // > 15 digits
  '{"topic":"t","partition":0,"offset":1.0,"key":null,"payload":null}',
  '{"topic":"t","partition":"0","offset":1,"key":null,"payload":null}',
  '{"topic":"t","partition":0,"offset":1,"ts":null,"key":null,"payload":null}',
  '{"topic":"t","partition":0,"offset":1,"key":null}', // no payload
  '{"topic":"t","partition":0,"key":null,"payload":null}', // no offset
  '{"topic":"","partition":0,"offset":1,"key":null,"payload":null}',
  '{"topic":"t","topic":"u","partition":0,"offset":1,"key":null,"payload":null}',
  '{"topic":"t","partition":0,"offset":1,"key":null,"payload":"{}","x":{"y":1}}',
  '{"payload":"{}","topic":"t","partition":0,"offset":1,"key":null}', // payload before topic
  '{"topic":"t","partition":0,"offset":1,"key":null,"payload":null} x',
  '{"topic":"t","partition":0,"offset":1,"key":null,"payload":null',
  '[1]',
  '',
  '   ',
];

function scanOne(lineText: string): {
  end: number;
  bytes: Uint8Array;
  scanner: RecordingLineScanner;
} {
  const bytes = utf8(`${lineText}\n`);
  const scanner = new RecordingLineScanner();
  return { end: scanner.scan(bytes, 0), bytes, scanner };
}

describe('RecordingLineScanner', () => {
  it.each(ACCEPTED.map((l) => [l]))('reads %s as the full decoder does', (lineText) => {
    const { end, bytes, scanner } = scanOne(lineText);
    expect(end).toBe(bytes.length - 1);
    const record = parseRecordingLine(lineText, 1);
    expect(record).not.toBeNull();
    expect(scanned(scanner, bytes)).toEqual(decoded(record as KafkaRecord));
  });

  it.each(DECLINED.map((l) => [l]))('leaves %s to the full decoder', (lineText) => {
    expect(scanOne(lineText).end).toBe(-1);
  });

  it('reads numbers to the same double as JSON.parse (random decimals and exponents)', () => {
    let seed = 11;
    const random = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    const numbers: string[] = [];
    for (let k = 0; k < 2000; k++) {
      const digits = Array.from({ length: 1 + random(19) }, () => random(10)).join('');
      const int = digits.replace(/^0+(?=\d)/, '');
      const frac = random(2) ? `.${random(10 ** (1 + random(6)))}` : '';
      const exp = random(3) === 0 ? `e${random(2) ? '-' : '+'}${random(30)}` : '';
      numbers.push(`${random(4) === 0 ? '-' : ''}${int}${frac}${exp}`);
    }
    const payload = JSON.stringify(`{${numbers.map((n, k) => `"n${k}":${n}`).join(',')}}`);
    const { end, bytes, scanner } = scanOne(line(`"key":null,"payload":${payload}`));
    expect(end).toBe(bytes.length - 1);
    expect(Array.from(scanner.numbers.subarray(0, scanner.members))).toEqual(
      numbers.map((n) => JSON.parse(n) as number),
    );
  });

  it('declines invalid UTF-8, which the text decoder would replace', () => {
    const head = utf8('{"topic":"t","partition":0,"offset":1,"key":"');
    const tail = utf8('","payload":null}\n');
    for (const bad of [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
      const bytes = new Uint8Array([...head, ...bad, ...tail]);
      expect(new RecordingLineScanner().scan(bytes, 0)).toBe(-1);
    }
    const good = new Uint8Array([...head, 0xe2, 0x82, 0xac, ...tail]);
    expect(new RecordingLineScanner().scan(good, 0)).toBe(good.length - 1);
  });

  it('ends a line at its newline (after a CR and spaces), or at the end of the bytes', () => {
    const one = '{"topic":"t","partition":0,"offset":1,"key":null,"payload":null}';
    const bytes = utf8(`${one} \r\n${one}`);
    const scanner = new RecordingLineScanner();
    const first = scanner.scan(bytes, 0);
    expect(first).toBe(one.length + 2);
    expect(scanner.scan(bytes, first + 1)).toBe(bytes.length);
    // A newline where a value belongs ends the line too early: declined, never read across.
    expect(
      scanner.scan(utf8('{"topic":\n"t","partition":0,"offset":1,"key":null,"payload":null}'), 0),
    ).toBe(-1);
  });

  it('reports members as written, a repeated name twice (JSON.parse would keep the last)', () => {
    const { bytes, scanner } = scanOne(
      line(`"key":"k","payload":"{\\"d\\":1,\\"e\\":true,\\"d\\":2}"`),
    );
    expect(scanned(scanner, bytes).members).toEqual([
      ['d', 1],
      ['e', true],
      ['d', 2],
    ]);
  });

  it('leaves lines to the full decoder once a topic has met 2048 member names', () => {
    const scanner = new RecordingLineScanner();
    const scan = (names: string[]) => {
      const payload = JSON.stringify(JSON.stringify(Object.fromEntries(names.map((n) => [n, 1]))));
      const bytes = utf8(`{"topic":"t","partition":0,"offset":1,"key":null,"payload":${payload}}`);
      return scanner.scan(bytes, 0) === bytes.length;
    };
    for (let k = 0; k < 2048; k += 8) {
      expect(scan(Array.from({ length: 8 }, (_, j) => `id-${k + j}`))).toBe(true);
    }
    expect(scan(['id-7', 'id-2047'])).toBe(true);
    expect(scan(['id-7', 'id-2048'])).toBe(false);
  });

  it('gives member names ids per topic, the same for the same name, whatever their order', () => {
    const scanner = new RecordingLineScanner();
    const ids = (l: string) => {
      const bytes = utf8(l);
      expect(scanner.scan(bytes, 0)).toBe(bytes.length);
      return [
        scanner.topicName(scanner.topic),
        ...Array.from(scanner.nameIds.subarray(0, scanner.members)),
      ];
    };
    const a = ids(
      '{"topic":"a","partition":0,"offset":1,"key":null,"payload":"{\\"x\\":1,\\"y\\":2}"}',
    );
    const b = ids(
      '{"topic":"a","partition":0,"offset":2,"key":null,"payload":"{\\"y\\":1,\\"x\\":2}"}',
    );
    const c = ids(
      '{"topic":"b","partition":0,"offset":1,"key":null,"payload":"{\\"y\\":1,\\"xx\\":2}"}',
    );
    expect(a).toEqual(['a', 0, 1]);
    expect(b).toEqual(['a', 1, 0]);
    expect(c).toEqual(['b', 0, 1]);
  });
});
