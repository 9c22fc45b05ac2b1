import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKitchen, KITCHEN_DEFAULTS } from '../../scenarios/index.ts';
import type { JaegerFile } from '../../engine/node.ts';
import type { TracesDocument } from '../traces/run-traces.ts';
import { runTapedeck } from '../testing/index.ts';

// Issue 11, point 7: `tapedeck traces` and `tapedeck traces export` on a kitchen recording whose
// delivery service drops the trace context of half the orders in its first two hours.
const dir = mkdtempSync(path.join(tmpdir(), 'tapedeck-traces-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const recording = path.join(dir, 'drop.ndjson.gz');
const START = '2026-01-05T10:00:00Z';

beforeAll(async () => {
  const run = await runTapedeck([
    'scenario',
    'kitchen',
    '--start',
    START,
    '--duration',
    '3h',
    '--trace-drop',
    'delivery-service:0.5:0m:2h',
    '--out',
    recording,
  ]);
  expect(run.code).toBe(0);
}, 120_000);

/** The generator's own count of the breaks it made, by service. */
function truthBreaks(service: string): number {
  const start = Date.parse(START);
  const { traceTruth } = generateKitchen(
    {
      ...KITCHEN_DEFAULTS,
      start,
      durationMs: 3 * 3_600_000,
      traceDrop: { service: 'delivery-service', share: 0.5, start, end: start + 2 * 3_600_000 },
    },
    { traceTruth: true },
  );
  return traceTruth!.breaks.filter((b) => b.service === service).length;
}

describe('tapedeck traces', () => {
  it('--json gives counts, the hop table and the breaks where the generator made them', async () => {
    const run = await runTapedeck([
      'traces',
      '--recording',
      recording,
      '--stage',
      'status',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as TracesDocument;
    expect(doc.format).toBe('tapedeck-traces/1');
    expect(doc.topics).toEqual(['payments', 'orders', 'orders-rejected']);
    const breaks = Object.fromEntries(
      doc.breaks.map((b) => [`${b.kind} ${b.from} → ${b.to}`, b.count]),
    );
    expect(breaks).toEqual({
      'header-missing orders:READY → orders:PICKED_UP': truthBreaks('delivery-service'),
      'new-trace orders:REJECTED → orders-rejected:REJECTED': truthBreaks('rejections-processor'),
    });
    const pickup = doc.hops.find((h) => h.from === 'orders:READY' && h.to === 'orders:PICKED_UP')!;
    expect(pickup.breakRate).toBeCloseTo(pickup.breaks['header-missing']! / pickup.count, 12);
    expect(doc.counts.brokenKeys).toBe(
      truthBreaks('delivery-service') + truthBreaks('rejections-processor'),
    );
    expect(doc.traces).toHaveLength(20);
    expect(doc.traceparents!.topics.find((t) => t.topic === 'orders')!.missing).toBeGreaterThan(0);
  });

  it('prints the hop table and break summary as text', async () => {
    const run = await runTapedeck(['traces', '--recording', recording, '--stage', 'status']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('topics followed: payments → orders → orders-rejected');
    expect(run.stdout).toMatch(/header-missing\s+orders:READY → orders:PICKED_UP: \d+ \(e\.g\. o-/);
  });

  it('export --format jaeger writes every broken trace with unique span ids and real start times', async () => {
    const out = path.join(dir, 'broken.json');
    const run = await runTapedeck([
      'traces',
      'export',
      '--recording',
      recording,
      '--stage',
      'status',
      '--broken',
      '--format',
      'jaeger',
      '--out',
      out,
    ]);
    expect(run.code).toBe(0);
    const file = JSON.parse(readFileSync(out, 'utf8')) as JaegerFile;
    expect(file.data).toHaveLength(
      truthBreaks('delivery-service') + truthBreaks('rejections-processor'),
    );
    for (const trace of file.data) {
      const ids = trace.spans.map((s) => s.spanID);
      expect(new Set(ids).size).toBe(ids.length);
      expect(trace.spans.every((s) => s.startTime > 1e15 && s.traceID === trace.traceID)).toBe(
        true,
      );
      expect(trace.spans.some((s) => s.tags.some((t) => t.key === 'tapedeck.break'))).toBe(true);
    }
    expect(run.stderr).toContain(`wrote ${file.data.length} traces`);
  });

  it('export --format otlp writes OTLP/JSON resource spans per topic', async () => {
    const out = path.join(dir, 'otlp.json');
    const run = await runTapedeck([
      'traces',
      'export',
      '--recording',
      recording,
      '--limit',
      '10',
      '--format',
      'otlp',
      '--out',
      out,
    ]);
    expect(run.code).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as {
      resourceSpans: { resource: { attributes: { value: { stringValue: string } }[] } }[];
    };
    expect(doc.resourceSpans.map((r) => r.resource.attributes[0]!.value.stringValue)).toEqual(
      expect.arrayContaining(['tapedeck', 'orders']),
    );
  });

  it('refuses a missing --recording and an unknown format, naming them', async () => {
    expect((await runTapedeck(['traces'])).stderr).toContain(
      "required option '--recording <file>'",
    );
    const bad = await runTapedeck([
      'traces',
      'export',
      '--recording',
      recording,
      '--format',
      'zipkin',
      '--out',
      'x',
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('expected jaeger or otlp');
  });
});
