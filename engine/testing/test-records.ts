import type { KafkaRecord } from '../../formats/index.ts';

/** Monday 2026-01-05 00:00 UTC: a multiple of every window size the tests use. */
export const T0 = Date.UTC(2026, 0, 5);

/**
 * Test records of one topic, built in order: offsets count up per partition from 0. `at` is
 * ms after `T0` (null: no timestamp); `value` is JSON-encoded unless it is a string or null.
 */
export function recordsOf(
  topic: string,
  rows: Array<{ at: number | null; value: unknown; partition?: number; key?: string }>,
): KafkaRecord[] {
  const next = new Map<number, bigint>();
  return rows.map(({ at, value, partition = 0, key = null }) => {
    const offset = next.get(partition) ?? 0n;
    next.set(partition, offset + 1n);
    return {
      topic,
      partition,
      offset,
      timestamp: at === null ? null : T0 + at,
      key,
      headers: [],
      value: value === null || typeof value === 'string' ? value : JSON.stringify(value),
    };
  });
}
