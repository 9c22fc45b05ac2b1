import type { Workbook } from '../../engine/index.ts';
import { FLINK_META_COLUMNS, quoteLiteral, quoteName } from './flink-expression.ts';
import {
  MS_COLUMN,
  TIME_COLUMN,
  epochMs,
  interval,
  metricToFlink,
  sliToFlink,
  type TopicFields,
} from './flink-metrics.ts';

/** Flink and connector releases the SQL is written for (and the embedded runner runs). */
export const FLINK_TARGET = { flink: '2.2.1', kafkaConnector: '5.0.0-2.2' } as const;

/** The sink of the series: files in Tapedeck's long form, or a Kafka topic (JSON). */
export type FlinkSink =
  | { kind: 'files'; format: 'csv' | 'parquet' | 'json'; path: string }
  | { kind: 'kafka'; topic: string };

/** Where the sources start and end. */
export type FlinkStart = { kind: 'earliest' } | { kind: 'time'; ms: number };
export type FlinkEnd = { kind: 'latest' } | { kind: 'time'; ms: number } | { kind: 'live' };

/** What `workbookToFlinkSql` needs besides the workbook. */
export interface FlinkSqlOptions {
  brokers: string[];
  from: FlinkStart;
  to: FlinkEnd;
  sink: FlinkSink;
  /** a partition silent this long stops holding the watermark back */
  idleTimeoutMs: number;
  /** the topic a workbook topic is read from: `<prefix><topic>` (e.g. `replay.`) */
  topicPrefix?: string;
  /** extra Kafka client properties (`security.protocol`, `sasl.*`, `ssl.*`), without `properties.` */
  kafkaProperties?: Readonly<Record<string, string>>;
  /** how far before an end record a latency's start record is looked for; default 1 day */
  latencyBoundMs?: number;
  /**
   * keep samples stamped at or before this time only (default: the end time of a bounded range,
   * none when live); history read to its latest offset ends at its last record, whose window is
   * still open
   */
  untilMs?: number | null;
  /** only these metric ids (default all) */
  metrics?: readonly string[];
}

/** The Flink SQL of a workbook, with what it translated and what it could not. */
export interface FlinkExport {
  sql: string;
  /** the Kafka topics the source tables read (prefix applied) */
  topics: string[];
  translated: string[];
  skipped: { metric: string; reason: string }[];
}

export const SINK_TABLE = 'tapedeck_series';

/**
 * The workbook's metrics as one Flink SQL script: session settings, one Kafka source table per
 * topic the translated metrics read, the series sink, then per metric its views and one INSERT.
 *
 * Samples equal Tapedeck's own (DESIGN "As-of values"): a window's sample holds the records
 * delivered by its end, and a record is late once stream time has passed the end of its window.
 * The watermark `ts − 1 ms` closes a window exactly when a record at or after its end arrives
 * (`− 0 s` would close it 1 ms early), emitted on every record. A grace period does not move
 * it: in Tapedeck a record delivered during the grace period is not late but changes no sample,
 * which is what Flink does with it too (it is dropped from the closed window).
 */
export function workbookToFlinkSql(wb: Workbook, options: FlinkSqlOptions): FlinkExport {
  const fields: TopicFields = new Map();
  const untilMs =
    options.untilMs !== undefined
      ? options.untilMs
      : options.to.kind === 'time'
        ? options.to.ms
        : null;
  const ctx = {
    sink: SINK_TABLE,
    untilMs,
    latencyBoundMs: options.latencyBoundMs ?? 86_400_000,
    fields,
    delayed: new Map<string, { topic: string; delayMs: number }>(),
  };
  const translated: string[] = [];
  const skipped: FlinkExport['skipped'] = [];
  const bodies: string[] = [];
  const wanted = options.metrics ? new Set(options.metrics) : null;
  wb.metrics.forEach((m, i) => {
    if (wanted && !wanted.has(m.id)) return;
    const before = new Map([...fields].map(([t, f]) => [t, new Map(f)]));
    const r = metricToFlink(m, i, ctx);
    if (r.ok) {
      translated.push(m.id);
      bodies.push(
        `-- metric ${m.id} (${m.kind})\n${r.statements.map((s) => `${s};`).join('\n\n')}`,
      );
    } else {
      // A refused metric declares no fields.
      fields.clear();
      for (const [t, f] of before) fields.set(t, f);
      skipped.push({ metric: m.id, reason: r.reason });
    }
  });
  for (const sli of wb.slis) {
    if (wanted && !wanted.has(sli.id)) continue;
    const before = new Map([...fields].map(([t, f]) => [t, new Map(f)]));
    const r = sliToFlink(sli, wb.options.graceMs, ctx);
    if (r.ok) {
      translated.push(sli.id);
      bodies.push(
        `-- SLI ${sli.id} (${sli.kind})\n${r.statements.map((s) => `${s};`).join('\n\n')}`,
      );
    } else {
      fields.clear();
      for (const [t, f] of before) fields.set(t, f);
      skipped.push({ metric: sli.id, reason: r.reason });
    }
  }
  const header = [
    `-- Tapedeck workbook "${wb.name}" as Flink SQL (Flink ${FLINK_TARGET.flink}, flink-connector-kafka ${FLINK_TARGET.kafkaConnector}).`,
    `-- Series rows: metric, series, time_ms (the window's end), value.`,
    `-- Translated: ${translated.join(', ') || 'none'}.`,
    ...skipped.map((s) => `-- Not translated: ${s.metric}: ${s.reason}.`),
  ];
  const settings = [
    `SET 'table.local-time-zone' = 'UTC';`,
    `SET 'table.exec.source.idle-timeout' = '${options.idleTimeoutMs} ms';`,
    // The file sink commits its files on checkpoints (and on the final one of a bounded job).
    `SET 'execution.checkpointing.interval' = '10 s';`,
  ];
  const sources = [...fields].map(([table, f]) => {
    const delayed = ctx.delayed.get(table);
    return sourceTable(table, delayed?.topic ?? table, delayed?.delayMs ?? 0, f, options);
  });
  const sql = [
    header.join('\n'),
    settings.join('\n'),
    ...sources,
    sinkTable(options),
    ...bodies,
  ].join('\n\n');
  const topics = [...new Set([...fields.keys()].map((t) => ctx.delayed.get(t)?.topic ?? t))].map(
    (t) => `${options.topicPrefix ?? ''}${t}`,
  );
  return { sql: `${sql}\n`, topics, translated, skipped };
}

function kafkaOptions(options: FlinkSqlOptions): string[] {
  return [
    `'properties.bootstrap.servers' = ${quoteLiteral(options.brokers.join(','))}`,
    ...Object.entries(options.kafkaProperties ?? {}).map(
      ([k, v]) => `${quoteLiteral(`properties.${k}`)} = ${quoteLiteral(v)}`,
    ),
  ];
}

function sourceTable(
  table: string,
  topic: string,
  delayMs: number,
  fields: Map<string, 'STRING' | 'DOUBLE'>,
  options: FlinkSqlOptions,
): string {
  const columns: string[] = [];
  const hasKey = fields.has('_key');
  for (const [name, type] of fields) {
    if (name === '_key') columns.push(`${quoteName(name)} STRING`);
    else if (name in FLINK_META_COLUMNS) {
      columns.push(
        `${quoteName(name)} ${FLINK_META_COLUMNS[name]} METADATA FROM '${name.slice(1)}' VIRTUAL`,
      );
    } else columns.push(`${quoteName(name)} ${type}`);
  }
  const t = quoteName(TIME_COLUMN);
  columns.push(
    `${t} TIMESTAMP_LTZ(3) METADATA FROM 'timestamp'`,
    `${quoteName(MS_COLUMN)} AS ${epochMs(`CAST(${t} AS TIMESTAMP(3))`)}`,
    `WATERMARK FOR ${t} AS ${t}${delayMs > 0 ? ` - ${interval(delayMs, 'grace period')}` : ''} - INTERVAL '0.001' SECOND`,
  );
  const start =
    options.from.kind === 'earliest'
      ? [`'scan.startup.mode' = 'earliest-offset'`]
      : [
          `'scan.startup.mode' = 'timestamp'`,
          `'scan.startup.timestamp-millis' = '${options.from.ms}'`,
        ];
  const end =
    options.to.kind === 'live'
      ? []
      : options.to.kind === 'latest'
        ? [`'scan.bounded.mode' = 'latest-offset'`]
        : [
            `'scan.bounded.mode' = 'timestamp'`,
            `'scan.bounded.timestamp-millis' = '${options.to.ms}'`,
          ];
  const withs = [
    `'connector' = 'kafka'`,
    `'topic' = ${quoteLiteral(`${options.topicPrefix ?? ''}${topic}`)}`,
    ...kafkaOptions(options),
    ...start,
    ...end,
    `'scan.watermark.emit.strategy' = 'on-event'`,
    ...(hasKey
      ? [`'key.format' = 'raw'`, `'key.fields' = '_key'`, `'value.fields-include' = 'EXCEPT_KEY'`]
      : []),
    `'value.format' = 'json'`,
    `'value.json.ignore-parse-errors' = 'true'`,
  ];
  return `CREATE TABLE ${quoteName(table)} (\n  ${columns.join(',\n  ')}\n) WITH (\n  ${withs.join(',\n  ')}\n);`;
}

function sinkTable(options: FlinkSqlOptions): string {
  const columns = '`metric` STRING,\n  `series` STRING,\n  `time_ms` BIGINT,\n  `value` DOUBLE';
  const withs =
    options.sink.kind === 'files'
      ? [
          `'connector' = 'filesystem'`,
          `'path' = ${quoteLiteral(options.sink.path)}`,
          `'format' = '${options.sink.format}'`,
        ]
      : [
          `'connector' = 'kafka'`,
          `'topic' = ${quoteLiteral(options.sink.topic)}`,
          ...kafkaOptions(options),
          `'format' = 'json'`,
        ];
  return `CREATE TABLE ${quoteName(SINK_TABLE)} (\n  ${columns}\n) WITH (\n  ${withs.join(',\n  ')}\n);`;
}
