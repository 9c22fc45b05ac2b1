import type { TraceDetail, TraceSpan } from '../contract.ts';

/**
 * Traces out to the tools people use: Jaeger UI's JSON (what its "JSON File" upload opens, no
 * backend needed) and OTLP/JSON. One exported trace per business key, stitched: its trace id is
 * the first piece's (or one derived from the key when no record carried a header), a root span
 * covers the whole order, and each record is a span covering the hop into it. A hop joined by
 * business key only (a break) refers to the previous record by FOLLOWS_FROM (an OTLP link) and
 * is tagged `tapedeck.stitched`, never shown as if the header had been there.
 */

/** Jaeger UI's trace JSON (its `/api/traces` response shape, which the file upload reads). */
export interface JaegerFile {
  data: JaegerTrace[];
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: JaegerTag[] }>;
}

export interface JaegerTag {
  key: string;
  type: 'string' | 'bool' | 'int64' | 'float64';
  value: string | boolean | number;
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: 'CHILD_OF' | 'FOLLOWS_FROM'; traceID: string; spanID: string }[];
  /** µs since epoch */
  startTime: number;
  /** µs */
  duration: number;
  tags: JaegerTag[];
  logs: never[];
  processID: string;
  warnings: null;
}

/** What the export names the business key by (e.g. `orderId`). */
export interface TraceExportOptions {
  keyName: string;
}

/** A trace laid out once for both formats. */
interface Laid {
  traceId: string;
  root: { spanId: string; start: number; end: number; name: string; tags: JaegerTag[] };
  spans: {
    spanId: string;
    parent: string;
    stitched: boolean;
    start: number;
    end: number;
    name: string;
    topic: string;
    tags: JaegerTag[];
  }[];
}

/** 64-bit FNV-1a of `text` as `digits` lowercase hex digits (16 or 32), never all zeros. */
export function hexId(text: string, digits: 16 | 32): string {
  let out = '';
  for (let round = 0; out.length < digits; round++) {
    let h = 0xcbf29ce484222325n ^ BigInt(round);
    for (let i = 0; i < text.length; i++) {
      h ^= BigInt(text.charCodeAt(i));
      h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
    }
    out += h.toString(16).padStart(16, '0');
  }
  return /^0+$/.test(out) ? `${'0'.repeat(digits - 1)}1` : out.slice(0, digits);
}

const tag = (key: string, value: string | boolean | number): JaegerTag => ({
  key,
  type: typeof value === 'boolean' ? 'bool' : typeof value === 'number' ? 'int64' : 'string',
  value,
});

function layOut(t: TraceDetail, { keyName }: TraceExportOptions): Laid {
  const traceId = t.traceIds[0] ?? hexId(`trace:${t.key}`, 32);
  const used = new Set<string>();
  const unique = (preferred: string | null, fallback: string): string => {
    let id = preferred !== null && !used.has(preferred) ? preferred : hexId(fallback, 16);
    for (let n = 1; used.has(id); n++) id = hexId(`${fallback}#${n}`, 16);
    used.add(id);
    return id;
  };
  const rootId = unique(null, `root:${t.key}`);
  const lastOfPiece = new Map<string, number>();
  const ids: string[] = [];
  const spans = t.spans.map((s: TraceSpan, i) => {
    const spanId = unique(s.parentId, `${s.topic}/${s.partition}/${s.offset}`);
    ids.push(spanId);
    const samePiece = s.traceId === null ? undefined : lastOfPiece.get(s.traceId);
    if (s.traceId !== null) lastOfPiece.set(s.traceId, i);
    // A record continuing its piece is a child of the piece's previous record; the first
    // record is the root's child; any other record was joined by business key (stitched).
    const stitched = i > 0 && samePiece === undefined;
    const parent = i === 0 ? rootId : ids[samePiece ?? i - 1]!;
    const hop = s.hopMs ?? 0;
    const start = hop >= 0 ? s.time - hop : s.time;
    const tags = [
      tag('span.kind', 'producer'),
      tag('messaging.system', 'kafka'),
      tag('messaging.destination.name', s.topic),
      tag('messaging.kafka.destination.partition', s.partition),
      tag('messaging.kafka.message.offset', s.offset),
      tag('messaging.kafka.message.key', t.key),
      tag('tapedeck.node', s.node),
      tag('tapedeck.traceparent', s.traceparent),
      tag('tapedeck.critical_path', s.critical),
      tag('tapedeck.stitched', stitched),
      ...(s.hopMs === null ? [] : [tag('tapedeck.hop_ms', s.hopMs)]),
      ...(s.break === null ? [] : [tag('tapedeck.break', s.break), tag('error', true)]),
      ...(s.traceId !== null && s.traceId !== traceId
        ? [tag('tapedeck.original_trace_id', s.traceId)]
        : []),
    ];
    return {
      spanId,
      parent,
      stitched,
      start,
      end: start + Math.abs(hop),
      name: s.node,
      topic: s.topic,
      tags,
    };
  });
  return {
    traceId,
    root: {
      spanId: rootId,
      start: t.start,
      end: t.end,
      name: `${keyName} ${t.key}`,
      tags: [
        tag(`tapedeck.${keyName}`, t.key),
        tag('tapedeck.stitched', t.stitched),
        tag('tapedeck.trace_ids', t.traceIds.join(',')),
        tag('tapedeck.records', t.spans.length),
      ],
    },
    spans,
  };
}

/** Jaeger UI JSON: times in µs, one process per topic plus `tapedeck` for the root spans. */
export function jaegerTraces(
  traces: readonly TraceDetail[],
  options: TraceExportOptions,
): JaegerFile {
  return {
    data: traces.map((t) => {
      const laid = layOut(t, options);
      const processes: JaegerTrace['processes'] = { p0: { serviceName: 'tapedeck', tags: [] } };
      const processOf = new Map<string, string>();
      for (const s of laid.spans) {
        if (processOf.has(s.topic)) continue;
        const id = `p${processOf.size + 1}`;
        processOf.set(s.topic, id);
        processes[id] = { serviceName: s.topic, tags: [tag('messaging.system', 'kafka')] };
      }
      const span = (
        spanID: string,
        name: string,
        start: number,
        end: number,
        tags: JaegerTag[],
        processID: string,
        references: JaegerSpan['references'],
      ): JaegerSpan => ({
        traceID: laid.traceId,
        spanID,
        operationName: name,
        references,
        startTime: start * 1000,
        duration: (end - start) * 1000,
        tags,
        logs: [],
        processID,
        warnings: null,
      });
      const { root } = laid;
      return {
        traceID: laid.traceId,
        spans: [
          span(root.spanId, root.name, root.start, root.end, root.tags, 'p0', []),
          ...laid.spans.map((s) =>
            span(s.spanId, s.name, s.start, s.end, s.tags, processOf.get(s.topic)!, [
              {
                refType: s.stitched ? 'FOLLOWS_FROM' : 'CHILD_OF',
                traceID: laid.traceId,
                spanID: s.parent,
              },
            ]),
          ),
        ],
        processes,
      };
    }),
  };
}

type OtlpValue = { stringValue: string } | { boolValue: boolean } | { intValue: string };
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}

const otlpAttribute = ({ key, value }: JaegerTag): OtlpAttribute => ({
  key,
  value:
    typeof value === 'boolean'
      ? { boolValue: value }
      : typeof value === 'number'
        ? { intValue: String(value) }
        : { stringValue: value },
});

/**
 * OTLP/JSON (`ExportTraceServiceRequest`): one resource per topic (`service.name` = the topic)
 * plus `tapedeck` for the roots; ids as hex, times as decimal nanosecond strings; a stitched hop
 * is a link to the previous record's span, its parent being the root.
 */
export function otlpTraces(traces: readonly TraceDetail[], options: TraceExportOptions) {
  const byService = new Map<string, unknown[]>();
  const add = (service: string, span: unknown) => {
    const list = byService.get(service) ?? [];
    list.push(span);
    byService.set(service, list);
  };
  const nanos = (ms: number) => `${BigInt(ms) * 1_000_000n}`;
  for (const t of traces) {
    const laid = layOut(t, options);
    const { root } = laid;
    add('tapedeck', {
      traceId: laid.traceId,
      spanId: root.spanId,
      name: root.name,
      kind: 1,
      startTimeUnixNano: nanos(root.start),
      endTimeUnixNano: nanos(root.end),
      attributes: root.tags.map(otlpAttribute),
    });
    for (const s of laid.spans) {
      add(s.topic, {
        traceId: laid.traceId,
        spanId: s.spanId,
        parentSpanId: s.stitched ? root.spanId : s.parent,
        name: s.name,
        kind: 4,
        startTimeUnixNano: nanos(s.start),
        endTimeUnixNano: nanos(s.end),
        attributes: s.tags.filter((x) => x.key !== 'span.kind').map(otlpAttribute),
        links: s.stitched
          ? [
              {
                traceId: laid.traceId,
                spanId: s.parent,
                attributes: [otlpAttribute(tag('tapedeck.stitched', true))],
              },
            ]
          : [],
      });
    }
  }
  return {
    resourceSpans: [...byService].map(([service, spans]) => ({
      resource: { attributes: [otlpAttribute(tag('service.name', service))] },
      scopeSpans: [{ scope: { name: 'tapedeck' }, spans }],
    })),
  };
}
