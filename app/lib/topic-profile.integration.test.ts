import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine, type Engine } from '../../engine/node.ts';
import { topicProfile } from './topic-profile.ts';

/** A real `kcat -C -J` capture (2>&1: its two "% Reached end" lines too) of a 2-partition topic. */
const CAPTURE = fileURLToPath(
  new URL('../../test/e2e/fixtures/kcat-checkout-payments.ndjson', import.meta.url),
);

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.loadRecording(
    new Uint8Array(readFileSync(CAPTURE)),
    'kcat-checkout-payments.ndjson',
  );
});
afterAll(() => engine.close());

describe('topicProfile', () => {
  it("counts a kcat capture's records, time and offset range, keys, header names and raw values, and types each field with its null share", async () => {
    const p = await topicProfile(engine, 'checkout-payments', 'checkout-payments');
    expect(p.records).toBe(252);
    expect(p.partitions).toEqual([
      { partition: 0, records: 133, firstOffset: '0', lastOffset: '132' },
      { partition: 1, records: 119, firstOffset: '0', lastOffset: '118' },
    ]);
    expect(p.firstTime).toBe(Date.parse('2026-03-02T09:00:00Z'));
    expect(p.lastTime).toBe(Date.parse('2026-03-02T09:39:48Z'));
    // Every key is an order id but the two odd records'.
    expect(p.distinctKeys).toBe(252);
    // The odd two have no traceparent; their values are not JSON objects.
    expect(p.withTraceparent).toBe(250);
    expect(p.rawValues).toBe(2);
    // Every header name kcat wrote, with the records carrying it.
    expect(p.headers).toEqual([
      { name: 'source', records: 252 },
      { name: 'content-type', records: 250 },
      { name: 'traceparent', records: 250 },
      { name: 'retry', records: 27 },
    ]);
    const field = (name: string) => p.fields.find((f) => f.name === name);
    expect(field('amount')).toMatchObject({ type: 'DOUBLE', numeric: true });
    expect(field('amount')!.nullShare).toBeCloseTo(2 / 252, 6);
    expect(field('method')).toMatchObject({ type: 'VARCHAR', numeric: false, distinct: 3 });
    // Exact, not approximate: one payment id per parsed record.
    expect(field('paymentId')!.distinct).toBe(250);
    expect(field('status')!.distinct).toBe(2);
    // coupon: on every fifth payment only.
    expect(field('coupon')!.nullShare).toBeGreaterThan(0.75);
    expect(p.fields.map((f) => f.name)).not.toContain('_key');
  });

  it('names a topic whose table does not exist', async () => {
    await expect(topicProfile(engine, 'nope', 'nope')).rejects.toThrow(/nope/);
  });
});
