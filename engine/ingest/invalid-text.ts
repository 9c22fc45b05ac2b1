import type { KafkaRecord } from '../../formats/index.ts';
import { FAIL, skipUtf8 } from './scan/json-bytes.ts';

// ES2024 (Node 20, every current browser); the project's TypeScript lib is ES2023.
declare global {
  interface String {
    isWellFormed(): boolean;
    toWellFormed(): string;
  }
}

/** Whether `text` has no lone surrogate, so that it has a UTF-8 form. */
export function isWellFormed(text: string): boolean {
  return text.isWellFormed();
}

/** `text` with each lone surrogate replaced by U+FFFD, as UTF-8 encoding replaces it. */
export function toWellFormed(text: string): string {
  return text.toWellFormed();
}

/** Where the first byte of `b[start, end)` that is not valid UTF-8 is (from `start`), or -1. */
export function invalidUtf8At(b: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end;) {
    if (b[i]! < 0x80) {
      i++;
      continue;
    }
    const next = skipUtf8(b, i, end);
    if (next === FAIL) return i - start;
    i = next;
  }
  return -1;
}

/**
 * The first text field of a record holding a lone surrogate (a `\ud800` escape without its
 * pair), which has no UTF-8 form: written to a table, it becomes U+FFFD. Null when none has.
 */
export function loneSurrogateField(r: KafkaRecord): string | null {
  if (!isWellFormed(r.topic)) return 'topic';
  if (r.key !== null && !isWellFormed(r.key)) return 'key';
  if (r.value !== null && !isWellFormed(r.value)) return 'payload';
  for (const [name, value] of r.headers) {
    if (!isWellFormed(name) || (value !== null && !isWellFormed(value))) {
      return `header ${JSON.stringify(toWellFormed(name))}`;
    }
  }
  return null;
}
