import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { traceIdOf } from './record-page.ts';

const KCAT_FAULTS = new URL('../../test/e2e/fixtures/kcat-faults.ndjson', import.meta.url);
const T0 = Date.UTC(2026, 0, 1);

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.loadRecording(readFileSync(KCAT_FAULTS), 'kcat-faults.ndjson');
});
afterAll(() => engine.close());

describe('Engine.records: the events browser reads the loaded tables', () => {
  it('lists every record in delivery order with its value, key and time', async () => {
    const page = await engine.records({ time: null, offset: 0, limit: 100 });
    expect(page.total).toBe(9);
    expect(page.rows.map((r) => r.seq)).toEqual(
      [...page.rows.map((r) => r.seq)].sort((a, b) => a - b),
    );
    const first = page.rows.find((r) => r.key === 'o-1' && r.offset === '10')!;
    expect(first).toMatchObject({
      topic: 'orders',
      partition: 0,
      time: T0,
      valueIsJson: true,
      faults: [],
    });
    expect(JSON.parse(first.value!)).toEqual({ status: 'PLACED', region: 'Dubai' });
  });

  it('keeps int64 offsets exact', async () => {
    const page = await engine.records({ time: null, topic: 'status', offset: 0, limit: 10 });
    expect(page.rows.map((r) => r.offset)).toContain('9007199254740993');
  });

  it('names the faults of bad records, and filters to them', async () => {
    const all = await engine.records({ time: null, offset: 0, limit: 100 });
    const faulted = await engine.records({ time: null, faultsOnly: true, offset: 0, limit: 100 });
    expect(faulted.rows.every((r) => r.faults.length > 0)).toBe(true);
    expect(faulted.total).toBe(all.rows.filter((r) => r.faults.length > 0).length);
    const tombstone = all.rows.find((r) => r.key === 'o-1' && r.offset === '11')!;
    expect(tombstone).toMatchObject({ value: null, faults: ['tombstone (null value)'] });
    const bad = all.rows.find((r) => r.value === '{not json')!;
    expect(bad.faults).toEqual(['not JSON']);
    const outOfOrder = all.rows.find((r) => r.key === 'o-3')!;
    expect(outOfOrder.faults).toContain('out of order');
  });

  it('filters by topic, partition, key, text and time range', async () => {
    const p1 = await engine.records({
      time: null,
      topic: 'orders',
      partition: 1,
      offset: 0,
      limit: 100,
    });
    expect(p1.rows.every((r) => r.topic === 'orders' && r.partition === 1)).toBe(true);
    expect(p1.total).toBe(3);
    const key = await engine.records({ time: null, key: 'r-1', offset: 0, limit: 100 });
    expect(key.rows.map((r) => r.key)).toEqual(['r-1', 'r-1', 'r-1']);
    const text = await engine.records({ time: null, text: 'riyadh', offset: 0, limit: 100 });
    expect(text.rows.map((r) => r.key)).toEqual(['o-2']);
    const range = await engine.records({
      time: null,
      from: T0 + 1000,
      to: T0 + 2000,
      offset: 0,
      limit: 100,
    });
    expect(range.rows.map((r) => r.time)).toEqual([T0 + 1000, T0 + 1500]);
  });

  it('a filter text is data, never SQL', async () => {
    const page = await engine.records({
      time: null,
      text: "x') OR 1=1 --",
      key: "'; DROP TABLE orders; --",
      offset: 0,
      limit: 10,
    });
    expect(page.total).toBe(0);
    expect((await engine.records({ time: null, offset: 0, limit: 1 })).total).toBe(9);
  });

  it('as of a replay time, only the records delivered by then; pages by offset', async () => {
    const early = await engine.records({ time: T0 + 1000, offset: 0, limit: 100 });
    expect(early.rows.every((r) => r.time === null || r.time <= T0 + 1000)).toBe(true);
    expect(early.total).toBeLessThan(9);
    const second = await engine.records({ time: null, offset: 2, limit: 2 });
    const all = await engine.records({ time: null, offset: 0, limit: 100 });
    expect(second.rows.map((r) => r.seq)).toEqual(all.rows.slice(2, 4).map((r) => r.seq));
  });
});

describe('traceIdOf', () => {
  it('reads the trace id of a W3C traceparent, none for malformed or all-zero ids', () => {
    expect(traceIdOf('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
    expect(traceIdOf('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeNull();
    expect(traceIdOf('garbage')).toBeNull();
    expect(traceIdOf(null)).toBeNull();
  });
});
