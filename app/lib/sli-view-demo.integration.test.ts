import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SliDef, SourceSummary, Workbook } from '../../engine/index.ts';
import { createNodeEngine } from '../../engine/node.ts';
import { sliPairs, sliPicture } from './sli-view.ts';

/**
 * The 24 h kitchen demo (generateKitchen defaults) starts at 00:00:00.000 and its first probe
 * comes a second or more later: the e2e-probe SLI (`no_data: bad`) and its burn-rate rule
 * `probe-burn` must not page at 00:00 — not in the frame's summary, not in `engine.alerts`,
 * not in the SLI view — and fire only in the broker outage over the whole day.
 */
const MIN = 60_000;
const HOUR = 60 * MIN;

let engine: Awaited<ReturnType<typeof createNodeEngine>>;
let summary: SourceSummary;
let workbook: Workbook;
let def: SliDef;
beforeAll(async () => {
  engine = await createNodeEngine();
  summary = await engine.loadScenario({});
  workbook = (await engine.loadWorkbook(await engine.getWorkbook(), 'kitchen')).workbook;
  def = workbook.slis.find((s) => s.id === 'e2e-probe')!;
}, 180_000);
afterAll(() => engine.close());

async function probeAt(time: number) {
  const frame = await engine.frame(time);
  const sli = frame.slis!.find((s) => s.id === 'e2e-probe')!;
  const picture = sliPicture(def, sli.minutes, sliPairs(workbook, def.id), { until: time });
  const rules = await engine.alerts(time);
  const rule = rules.find((r) => r.id === 'probe-burn')!;
  return { sli, picture, rule };
}

describe('the demo e2e-probe SLI at the start of the replay', () => {
  it('counts no minute before the first one has finished, and pages nowhere', async () => {
    for (const at of [500, 30_000, MIN - 1]) {
      const { sli, picture, rule } = await probeAt(summary.start + at);
      expect(sli.summary.minutes, `at +${at} ms`).toBe(0);
      expect(sli.summary.badMinutes).toBe(0);
      expect(picture.burn.combined).toEqual([]);
      expect(rule.intervals).toEqual([]);
    }
  });

  it('counts each finished minute once, none of them bad, for the first six hours', async () => {
    const { sli, picture, rule } = await probeAt(summary.start + 6 * HOUR + 30_000);
    expect(sli.summary).toMatchObject({ minutes: 360, dataMinutes: 360, badMinutes: 0, sli: 1 });
    expect(sli.minutes.times[0]).toBe(summary.start + MIN);
    expect(picture.burn.combined).toEqual([]);
    expect(rule.intervals).toEqual([]);
  });

  it('over the whole day, the SLI view and probe-burn fire only during the broker outage', async () => {
    const { picture, rule } = await probeAt(summary.end);
    const outages = summary.incidents.filter((i) => i.kind === 'broker-outage');
    expect(outages.length).toBeGreaterThan(0);
    for (const intervals of [picture.burn.combined, rule.intervals]) {
      expect(intervals.length).toBeGreaterThan(0);
      for (const f of intervals) {
        const inside = outages.some((o) => f.start >= o.start && f.start < o.end);
        expect(inside, new Date(f.start).toISOString()).toBe(true);
      }
    }
  });
});
