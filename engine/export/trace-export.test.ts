import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKitchen, KITCHEN_DEFAULTS } from '../../scenarios/index.ts';
import type { TraceDetail } from '../contract.ts';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { hexId, jaegerTraces, otlpTraces, type JaegerFile } from './trace-export.ts';

const T = 1_767_571_200_000; // 2026-01-05 00:00 UTC
const TID = 'a'.repeat(32);
const NEW = 'b'.repeat(32);

/** An order: placed (trace a), accepted 50 ms later (same trace), copied 0 ms later under a new trace. */
const DETAIL: TraceDetail = {
  key: 'o-1',
  traceIds: [TID, NEW],
  start: T,
  end: T + 50,
  durationMs: 50,
  stitched: true,
  spans: [
    {
      topic: 'orders',
      partition: 0,
      offset: '7',
      time: T,
      node: 'orders:PLACED',
      traceparent: 'valid',
      traceId: TID,
      parentId: '1111111111111111',
      hopMs: null,
      break: null,
      critical: true,
    },
    {
      topic: 'orders',
      partition: 0,
      offset: '9',
      time: T + 50,
      node: 'orders:REJECTED',
      traceparent: 'valid',
      traceId: TID,
      parentId: '2222222222222222',
      hopMs: 50,
      break: null,
      critical: true,
    },
    {
      topic: 'orders-rejected',
      partition: 1,
      offset: '0',
      time: T + 50,
      node: 'orders-rejected:REJECTED',
      traceparent: 'valid',
      traceId: NEW,
      // the same producer span id again: the export must not repeat it
      parentId: '2222222222222222',
      hopMs: 0,
      break: 'new-trace',
      critical: true,
    },
  ],
};

/**
 * What Jaeger UI needs of a file to open it (read from jaeger-ui's `readJsonFile` validation and
 * `transformTraceData`): `data` is an array of traces, each with a `traceID`, a `spans` array and
 * a `processes` object whose entries have a `serviceName`; every span has `traceID`, `spanID`,
 * `operationName`, numeric `startTime` and `duration` and a `processID` naming a process. Beyond
 * opening: a start time of 0 (or none) is not a real time (older versions drop the span, newer
 * ones move it to its parent's), a repeated span id is renamed, and a reference is followed only
 * when its trace id is the trace's and its span id is a span of the trace.
 */
function jaegerUiProblems(file: JaegerFile): string[] {
  const problems: string[] = [];
  if (!Array.isArray(file.data)) return ['data is not an array'];
  for (const [i, trace] of file.data.entries()) {
    const at = `data[${i}]`;
    if (!trace.traceID || !/^[0-9a-f]+$/.test(trace.traceID)) problems.push(`${at}: traceID`);
    if (!Array.isArray(trace.spans)) problems.push(`${at}: spans is not an array`);
    if (typeof trace.processes !== 'object' || trace.processes === null) {
      problems.push(`${at}: processes is not an object`);
      continue;
    }
    for (const [id, p] of Object.entries(trace.processes)) {
      if (typeof p.serviceName !== 'string' || p.serviceName === '') {
        problems.push(`${at}: process ${id} has no serviceName`);
      }
    }
    const ids = new Set<string>();
    for (const s of trace.spans) {
      const sat = `${at} span ${s.spanID}`;
      if (!s.traceID || !s.spanID || !s.operationName) problems.push(`${sat}: ids or name missing`);
      if (typeof s.startTime !== 'number' || typeof s.duration !== 'number') {
        problems.push(`${sat}: startTime/duration not numbers`);
      }
      if (!(s.startTime > 0) || !Number.isFinite(s.startTime))
        problems.push(`${sat}: start time 0`);
      if (!(s.duration >= 0)) problems.push(`${sat}: negative duration`);
      if (typeof s.processID !== 'string' || !trace.processes[s.processID]) {
        problems.push(`${sat}: processID names no process`);
      }
      if (ids.has(s.spanID)) problems.push(`${sat}: duplicate span id`);
      ids.add(s.spanID);
      if (s.traceID !== trace.traceID) problems.push(`${sat}: traceID is not the trace's`);
    }
    for (const s of trace.spans) {
      for (const r of s.references ?? []) {
        if (r.refType !== 'CHILD_OF' && r.refType !== 'FOLLOWS_FROM') {
          problems.push(`${at} span ${s.spanID}: refType ${String(r.refType)}`);
        }
        if (r.traceID !== trace.traceID || !ids.has(r.spanID)) {
          problems.push(`${at} span ${s.spanID}: reference to a span outside the trace`);
        }
      }
    }
  }
  return problems;
}

describe('jaegerTraces', () => {
  it('writes a root span for the order and one span per record covering the hop into it', () => {
    const [trace] = jaegerTraces([DETAIL], { keyName: 'orderId' }).data;
    const root = hexId('root:o-1', 16);
    expect(trace!.traceID).toBe(TID);
    expect(
      trace!.spans.map((s) => [s.operationName, s.spanID, s.startTime, s.duration, s.references]),
    ).toEqual([
      ['orderId o-1', root, T * 1000, 50_000, []],
      [
        'orders:PLACED',
        '1111111111111111',
        T * 1000,
        0,
        [{ refType: 'CHILD_OF', traceID: TID, spanID: root }],
      ],
      [
        'orders:REJECTED',
        '2222222222222222',
        T * 1000,
        50_000,
        [{ refType: 'CHILD_OF', traceID: TID, spanID: '1111111111111111' }],
      ],
      [
        'orders-rejected:REJECTED',
        hexId('orders-rejected/1/0', 16),
        (T + 50) * 1000,
        0,
        [{ refType: 'FOLLOWS_FROM', traceID: TID, spanID: '2222222222222222' }],
      ],
    ]);
    const copy = trace!.spans[3]!;
    expect(copy.tags).toEqual(
      expect.arrayContaining([
        { key: 'tapedeck.stitched', type: 'bool', value: true },
        { key: 'tapedeck.break', type: 'string', value: 'new-trace' },
        { key: 'tapedeck.original_trace_id', type: 'string', value: NEW },
      ]),
    );
    expect(trace!.processes).toEqual({
      p0: { serviceName: 'tapedeck', tags: [] },
      p1: {
        serviceName: 'orders',
        tags: [{ key: 'messaging.system', type: 'string', value: 'kafka' }],
      },
      p2: {
        serviceName: 'orders-rejected',
        tags: [{ key: 'messaging.system', type: 'string', value: 'kafka' }],
      },
    });
    expect(jaegerUiProblems({ data: [trace!] })).toEqual([]);
  });

  it('the contract check catches what Jaeger UI would refuse or alter', () => {
    const [trace] = jaegerTraces([DETAIL], { keyName: 'orderId' }).data;
    const bad = structuredClone(trace!);
    bad.spans[1]!.startTime = 0;
    bad.spans[2]!.spanID = bad.spans[1]!.spanID;
    bad.spans[3]!.processID = 'p9';
    expect(jaegerUiProblems({ data: [bad] })).toEqual([
      `data[0] span 1111111111111111: start time 0`,
      `data[0] span 1111111111111111: duplicate span id`,
      `data[0] span ${bad.spans[3]!.spanID}: processID names no process`,
      // the renamed span's child now refers to an id no span has
      `data[0] span ${bad.spans[3]!.spanID}: reference to a span outside the trace`,
    ]);
  });
});

describe('otlpTraces', () => {
  it('writes hex ids, nanosecond strings, parents and a link for the stitched hop', () => {
    const out = otlpTraces([DETAIL], { keyName: 'orderId' });
    expect(out.resourceSpans.map((r) => r.resource.attributes[0]!.value)).toEqual([
      { stringValue: 'tapedeck' },
      { stringValue: 'orders' },
      { stringValue: 'orders-rejected' },
    ]);
    const copy = out.resourceSpans[2]!.scopeSpans[0]!.spans[0] as Record<string, unknown>;
    expect(copy).toMatchObject({
      traceId: TID,
      parentSpanId: hexId('root:o-1', 16),
      startTimeUnixNano: `${T + 50}000000`,
      endTimeUnixNano: `${T + 50}000000`,
      links: [{ traceId: TID, spanId: '2222222222222222' }],
    });
  });
});

describe('Jaeger export of a kitchen replay', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
  });
  afterAll(() => engine.close());

  it('passes the Jaeger UI contract for every trace, with no zero start and no repeated span id', async () => {
    const params = {
      ...KITCHEN_DEFAULTS,
      start: KITCHEN_DEFAULTS.start + 11 * 3_600_000,
      durationMs: 20 * 60_000,
    };
    const { records } = generateKitchen(params);
    const summary = await engine.loadRecords(records, 'kitchen, 20 minutes');
    const details = await engine.traceDetails(summary.end + 1, {
      topics: ['payments', 'orders', 'orders-rejected'],
      stage: 'status',
      listLimit: 100_000,
    });
    const file = jaegerTraces(details, { keyName: 'orderId' });
    expect(file.data.length).toBeGreaterThan(150);
    expect(jaegerUiProblems(JSON.parse(JSON.stringify(file)) as JaegerFile)).toEqual([]);
    expect(
      file.data.some((t) => t.spans.some((s) => s.references[0]?.refType === 'FOLLOWS_FROM')),
    ).toBe(true);
  });
});
