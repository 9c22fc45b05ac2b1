import { describe, expect, it } from 'vitest';
import { generateKitchen } from './generate-kitchen.ts';
import { KITCHEN_DEFAULTS } from './params.ts';

const HOUR = 3_600_000;
const params = {
  ...KITCHEN_DEFAULTS,
  seed: 3,
  start: KITCHEN_DEFAULTS.start + 10 * HOUR,
  durationMs: 6 * HOUR,
  incidents: ['delivery-slowdown' as const],
};
const { records, labels } = generateKitchen(params);

/** Minutes from PICKED_UP to DELIVERED of the orders picked up in `region` (or elsewhere), in or out of `[start, end)`. */
function rides(
  region: string,
  inWindow: boolean,
  start: number,
  end: number,
  same = true,
): number[] {
  const picked = new Map<string, { t: number; region: string }>();
  const out: number[] = [];
  for (const r of records) {
    if (r.topic !== 'orders') continue;
    const v = JSON.parse(r.value!) as { orderId: string; status: string; region: string };
    if (v.status === 'PICKED_UP') picked.set(v.orderId, { t: r.timestamp!, region: v.region });
    if (v.status !== 'DELIVERED') continue;
    const p = picked.get(v.orderId);
    if (!p || (p.region === region) !== same) continue;
    if ((p.t >= start && p.t < end) !== inWindow) continue;
    out.push((r.timestamp! - p.t) / 60_000);
  }
  return out;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('the kitchen scenario: a delivery slowdown (asked for by name)', () => {
  const slowdown = labels.incidents.find((i) => i.kind === 'delivery-slowdown');

  it('is labelled with its region and its cause, a failed delivery-service scale-up minutes before', () => {
    expect(slowdown).toBeDefined();
    expect(Object.keys(slowdown!.scope)).toEqual(['region']);
    expect(slowdown!.cause).toMatchObject({ type: 'PROVISION_FAILED', source: 'delivery-service' });
    const lead = slowdown!.start - slowdown!.cause!.time;
    expect(lead).toBeGreaterThan(2 * 60_000);
    expect(lead).toBeLessThan(7 * 60_000);
    const failed = records.filter(
      (r) =>
        r.topic === 'infra-events' &&
        r.value!.includes('"PROVISION_FAILED"') &&
        r.value!.includes('delivery-service'),
    );
    expect(failed.map((r) => r.timestamp)).toEqual([slowdown!.cause!.time]);
  });

  it('makes rides picked up in its region during it take 1.5× as long or more; other regions keep their pace', () => {
    const { start, end } = slowdown!;
    const region = slowdown!.scope['region']!;
    const inside = median(rides(region, true, start, end));
    const before = median(rides(region, true, start - 2 * HOUR, start));
    expect(inside / before).toBeGreaterThan(1.5);
    const others = median(rides(region, true, start, end, false));
    const othersBefore = median(rides(region, true, start - 2 * HOUR, start, false));
    expect(others / othersBefore).toBeLessThan(1.25);
  });

  it('leaves the default scenario as it was: the kind is not among the defaults', () => {
    expect(KITCHEN_DEFAULTS.incidents).not.toContain('delivery-slowdown');
  });
});
