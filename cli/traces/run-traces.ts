import { writeFile } from 'node:fs/promises';
import type {
  ProgressFn,
  TraceContextStats,
  TraceListFilter,
  TraceOptions,
  TraceReport,
} from '../../engine/index.ts';
import { jaegerTraces, otlpTraces } from '../../engine/node.ts';
import { openHeadlessReplay, type HeadlessReplay } from '../alerts-as-code/headless-replay.ts';
import { readReplayInputs } from '../alerts-as-code/replay-inputs.ts';

/** What `tapedeck traces` and `tapedeck traces export` are asked. */
export interface TracesCommandOptions {
  recording: string;
  labels?: string;
  at?: string;
  options: Partial<TraceOptions>;
  filter?: TraceListFilter;
  onProgress?: ProgressFn;
}

/** `tapedeck traces --json`: one `tapedeck-traces/1` document. */
export interface TracesDocument {
  format: 'tapedeck-traces/1';
  recording: string;
  /** the replay time (ISO) the traces are as of */
  at: string;
  options: TraceOptions;
  topics: string[];
  counts: {
    records: number;
    keyedRecords: number;
    keys: number;
    traceIds: number;
    brokenKeys: number;
    stitchedKeys: number;
  };
  /** every topic's `traceparent` headers by class, with the malformed ones */
  traceparents: TraceContextStats | null;
  hops: TraceReport['hops'];
  breaks: TraceReport['breaks'];
  /** the traces listed (`--limit`), latest first, and how many pass the filter */
  traces: TraceReport['list'];
  tracesTotal: number;
}

async function withReplay<T>(
  o: TracesCommandOptions,
  work: (replay: HeadlessReplay) => Promise<T>,
): Promise<T> {
  const inputs = await readReplayInputs({
    recording: o.recording,
    ...(o.labels === undefined ? {} : { labels: o.labels }),
  });
  const replay = await openHeadlessReplay(inputs, {
    ...(o.at === undefined ? {} : { at: o.at }),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  try {
    return await work(replay);
  } finally {
    replay.close();
  }
}

/** Replays the recording headless and joins its traces as of the replay time. */
export function runTraces(o: TracesCommandOptions): Promise<TracesDocument> {
  return withReplay(o, async (replay) => {
    const r = await replay.engine.traces(replay.time, o.options, o.filter);
    return {
      format: 'tapedeck-traces/1',
      recording: o.recording,
      at: new Date(replay.time).toISOString(),
      options: r.options,
      topics: r.topics,
      counts: {
        records: r.records,
        keyedRecords: r.keyedRecords,
        keys: r.keys,
        traceIds: r.traceIds,
        brokenKeys: r.brokenKeys,
        stitchedKeys: r.stitchedKeys,
      },
      traceparents: replay.source.traceContext ?? null,
      hops: r.hops,
      breaks: r.breaks,
      traces: r.list,
      tracesTotal: r.listTotal,
    };
  });
}

/** Writes the traces as Jaeger UI JSON or OTLP/JSON to `out`; answers how many traces and spans. */
export function exportTraces(
  o: TracesCommandOptions & { format: 'jaeger' | 'otlp'; out: string },
): Promise<{ traces: number; spans: number }> {
  return withReplay(o, async (replay) => {
    const details = await replay.engine.traceDetails(replay.time, o.options, o.filter);
    const keyName = o.options.key ?? 'orderId';
    const doc =
      o.format === 'jaeger' ? jaegerTraces(details, { keyName }) : otlpTraces(details, { keyName });
    await writeFile(o.out, JSON.stringify(doc));
    const spans = details.reduce((n, d) => n + d.spans.length + 1, 0);
    return { traces: details.length, spans };
  });
}

/** The report as text: counts, the hop table and the break summary. */
export function tracesTable(d: TracesDocument): string {
  const c = d.counts;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `traces of ${d.recording} as of ${d.at} (key ${d.options.key}${d.options.stage ? `, stage ${d.options.stage}` : ''})`,
    `topics followed: ${d.topics.join(' → ') || '(none with traceparent)'}`,
    `${c.records} records, ${c.keys} ${d.options.key} values, ${c.traceIds} trace ids; ${c.brokenKeys} broken (${pct(c.keys ? c.brokenKeys / c.keys : 0)}), ${c.stitchedKeys} stitched`,
  ];
  if (d.traceparents) {
    const bad = d.traceparents.topics.filter((t) => t.malformed + t.zeroId > 0);
    for (const t of bad) {
      lines.push(`  ${t.topic}: ${t.malformed} malformed, ${t.zeroId} all-zero traceparent`);
    }
  }
  // An inherited timestamp makes a hop 0 ms on paper: say so instead of printing 0.
  const ms = (h: (typeof d.hops)[number], x: number) =>
    h.latencyMeasurable ? `${Math.round(x)}` : 'n/m';
  const rows = d.hops.map((h) => [
    `${h.from} → ${h.to}`,
    String(h.count),
    String(h.traced),
    ms(h, h.p50Ms),
    ms(h, h.p95Ms),
    pct(h.breakRate),
  ]);
  lines.push('', ...table(['hop', 'hops', 'traced', 'p50 ms', 'p95 ms', 'broken'], rows));
  if (d.hops.some((h) => !h.latencyMeasurable)) {
    lines.push(
      'n/m: not measurable from record times (every hop 0 ms across topics: the timestamp was inherited)',
    );
  }
  lines.push('', 'breaks:');
  if (d.breaks.length === 0) lines.push('  none');
  for (const b of d.breaks) {
    lines.push(
      `  ${b.kind.padEnd(16)} ${b.from ?? '(none)'} → ${b.to}: ${b.count} (e.g. ${b.examples.join(', ')})`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)];
}
