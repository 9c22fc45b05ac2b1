import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';

/** A real `kcat -C -J` capture: headers, a non-JSON value, binary, a tombstone, an array. */
const CAPTURE = new URL('../../test/e2e/fixtures/kcat-checkout.ndjson', import.meta.url);

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.loadRecording(readFileSync(CAPTURE), 'kcat-checkout.ndjson');
});
afterAll(() => engine.close());

const all = (where: string, topic: string | null = null) =>
  engine.records({ time: null, topic, where, offset: 0, limit: 500 });

describe('Engine.records: headers and DuckDB conditions', () => {
  it('keeps every header of a record, in order', async () => {
    const page = await engine.records({ time: null, topic: 'checkout', offset: 0, limit: 1 });
    expect(page.rows[0]!.headers).toEqual([
      ['source', 'mobile'],
      ['content-type', 'application/json'],
      ['retry', '1'],
      ['traceparent', '00-00000000000000000000000000000001-0000000000000007-01'],
    ]);
    expect(page.rows[0]!.traceparent).toBe(
      '00-00000000000000000000000000000001-0000000000000007-01',
    );
    const tombstone = await all(`_key = 'cart-101' AND _empty`);
    expect(tombstone.rows.map((r) => r.headers)).toEqual([[]]);
  });

  it('header(_headers, name) filters on a header value, across topics', async () => {
    const legacy = await all(`header(_headers, 'source') = 'legacy'`);
    expect(legacy.rows.map((r) => r.key).sort()).toEqual(['cart-bad', 'cart-bin']);
    const retried = await all(`header(_headers, 'retry') IS NOT NULL`);
    // 40 records, every 5th retried, and the late one.
    expect(retried.total).toBe(9);
    expect((await all(`header(_headers, 'actor') = 'alice'`)).total).toBe(3);
    // A header name that is also a value elsewhere in the array does not match as a value.
    expect((await all(`header(_headers, 'web') IS NOT NULL`)).total).toBe(0);
  });

  it('a JSON field condition matches only the topics that have the field', async () => {
    const paid = await all(`step = 'pay' AND amount > 50`);
    expect(paid.total).toBeGreaterThan(0);
    expect(paid.rows.every((r) => r.topic === 'checkout')).toBe(true);
    for (const r of paid.rows) {
      const v = JSON.parse(r.value!) as { step: string; amount: number };
      expect(v.step).toBe('pay');
      expect(v.amount).toBeGreaterThan(50);
    }
  });

  it('fault flags and time ranges are conditions too', async () => {
    const ooo = await all('_ooo');
    expect(ooo.rows.map((r) => r.key)).toEqual(['cart-late']);
    const notJson = await all('_value IS NOT NULL', 'checkout');
    expect(notJson.rows.map((r) => r.key).sort()).toEqual(['cart-arr', 'cart-bad', 'cart-bin']);
    const range = await all(
      `_ts >= epoch_ms(TIMESTAMP '2026-03-01 09:00:00') AND _ts < epoch_ms(TIMESTAMP '2026-03-01 09:01:00')`,
      'checkout',
    );
    // 15 s apart: 09:00:00, :15, :30, :45, and the late record stamped 09:01:15 is outside.
    expect(range.total).toBe(4);
  });

  it('a column no topic has, bad syntax or a second statement are errors naming the filter', async () => {
    await expect(all('nope = 1')).rejects.toThrow(/Referenced column "nope" not found/);
    const syntax = await all('step = ').catch((e: Error) => e);
    expect((syntax as Error).message).toContain(
      'invalid filter "step = ": Parser Error: syntax error at end of input',
    );
    expect((syntax as Error).message).not.toContain(')');
    await expect(all(`1 = 1; DROP TABLE checkout`)).rejects.toThrow(
      `invalid filter "1 = 1; DROP TABLE checkout": one condition, without ';'`,
    );
    expect((await engine.records({ time: null, offset: 0, limit: 1 })).total).toBe(51);
  });
});
