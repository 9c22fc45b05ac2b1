import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKitchen, KITCHEN_DEFAULTS } from '../../scenarios/index.ts';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { useWorkbook, workbookOf } from '../testing/workbook-test-kit.ts';

const HOUR = 3_600_000;
const START = KITCHEN_DEFAULTS.start + 10 * HOUR;
const TRACE = `    key: orderId
    topics: [payments, orders, orders-rejected]
    stage: status
    window: 15m`;
const WORKBOOK = workbookOf(`  - id: hop-count
    kind: trace
    measure: hop_latency
    stat: count
${TRACE}
  - id: hop-breaks
    kind: trace
    measure: break_rate
${TRACE}`);

let engine: Engine;
let end: number;
beforeAll(async () => {
  engine = await createNodeEngine();
  await useWorkbook(engine, WORKBOOK);
  const { records } = generateKitchen({
    ...KITCHEN_DEFAULTS,
    start: START,
    durationMs: 4 * HOUR,
    traceDrop: {
      service: 'kitchen-service',
      start: START + HOUR,
      end: START + 2 * HOUR,
      share: 0.2,
    },
  });
  end = (await engine.loadRecords(records, 'kitchen, 4 h')).end + 1;
}, 300_000);
afterAll(() => engine.close());

describe('trace metrics over the kitchen scenario', () => {
  it('count every hop once across the windows, each as known at its window’s end, as the report does at the end', async () => {
    const frame = await engine.frame(end);
    const report = await engine.traces(end, {
      key: 'orderId',
      topics: ['payments', 'orders', 'orders-rejected'],
      stage: 'status',
    });
    const counts = frame.metrics.find((m) => m.id === 'hop-count')!;
    const rates = frame.metrics.find((m) => m.id === 'hop-breaks')!;
    const sum = (xs: Float64Array) => xs.reduce((a, x) => a + (Number.isNaN(x) ? 0 : x), 0);
    for (const hop of report.hops) {
      const label = `${hop.from} → ${hop.to}`;
      const c = counts.series.find((s) => s.label === label)!;
      const r = rates.series.find((s) => s.label === label)!;
      expect([label, sum(c.values)]).toEqual([label, hop.count]);
      // broken hops per window = rate × count
      const broken = sum(r.values.map((x, i) => (Number.isNaN(x) ? 0 : x * c.values[i]!)));
      const expected = Object.values(hop.breaks).reduce((a, n) => a + n, 0);
      expect([label, Math.round(broken)]).toEqual([label, expected]);
    }
    expect(
      report.breaks.some((b) => b.kind === 'header-missing' && b.to === 'orders:ACCEPTED'),
    ).toBe(true);
  });
});
