import { describe, expect, it } from 'vitest';
import { parseJavaMajor } from './jvm.ts';

describe('parseJavaMajor', () => {
  it('reads the major version of modern and legacy `java -version` output', () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toBe(21);
    expect(parseJavaMajor('java version "1.8.0_392"')).toBe(8);
  });

  it('returns null when the output has no version', () => {
    expect(parseJavaMajor('bash: java: command not found')).toBeNull();
  });
});
