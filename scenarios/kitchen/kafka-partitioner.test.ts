import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from './kafka-partitioner.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('murmur2', () => {
  it("matches Kafka's own test vectors (UtilsTest.testMurmur2)", () => {
    expect(murmur2(bytes('21'))).toBe(-973932308);
    expect(murmur2(bytes('foobar'))).toBe(-790332482);
    expect(murmur2(bytes('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(bytes('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(bytes('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(murmur2(bytes('abc'))).toBe(479470107);
  });

  it('partitions a key as toPositive(murmur2) % partitions', () => {
    // -973932308 & 0x7fffffff = 1173551340; 1173551340 % 6 = 0, % 7 = 3
    expect(partitionForKey('21', 6)).toBe(0);
    expect(partitionForKey('21', 7)).toBe(3);
  });
});
