import type { RecordSource } from '../../engine/index.ts';

/**
 * A record's value as bytes, for the events browser's hex view: the base64 decoded, or the
 * text's UTF-8 (for a kcat capture, what kcat wrote: U+FFFD where the producer's bytes were not
 * UTF-8). Null for a tombstone or when the source has no text.
 */
export function valueBytes(source: Pick<RecordSource, 'value' | 'base64'>): Uint8Array | null {
  if (source.value === null) return null;
  if (!source.base64) return new TextEncoder().encode(source.value);
  const binary = atob(source.value);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** 16 bytes a line: offset, hex pairs, and the printable ASCII (`.` for the rest). */
export function hexDump(bytes: Uint8Array, max = 4096): string {
  const lines: string[] = [];
  const shown = Math.min(bytes.length, max);
  for (let at = 0; at < shown; at += 16) {
    const row = bytes.subarray(at, Math.min(at + 16, shown));
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'));
    lines.push(`${at.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii.join('')}`);
  }
  if (bytes.length > shown) lines.push(`… ${bytes.length - shown} more bytes`);
  return lines.join('\n');
}

/**
 * Text with what cannot be seen made visible: control characters (but tab and line feed) as
 * `\u00XX` escapes; U+FFFD (a byte that was not UTF-8) stays as the replacement glyph.
 */
export function visibleText(text: string): string {
  return text.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
