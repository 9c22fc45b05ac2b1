import { describe, expect, it } from 'vitest';
import { parseWorkbook } from '../../engine/index.ts';
import { flinkExpression } from './flink-expression.ts';
import { interval } from './flink-metrics.ts';
import { workbookToFlinkSql, type FlinkSqlOptions } from './flink-sql.ts';

const OPTIONS: FlinkSqlOptions = {
  brokers: ['k1:9092', 'k2:9092'],
  from: { kind: 'earliest' },
  to: { kind: 'latest' },
  sink: { kind: 'files', format: 'csv', path: 'file:///tmp/out' },
  idleTimeoutMs: 5000,
};

const WORKBOOK = `name: shop
metrics:
  - { id: sales, kind: count, topic: sales, filter: "kind = 'sale'", by: [shop, region], window: 1m }
  - { id: revenue, kind: sum, topic: sales, field: amount, window: { size: 5m, hop: 1m } }
  - { id: p90, kind: quantile, q: 0.9, topic: sales, field: amount, window: 1m }
  - { id: buyers, kind: count_distinct, topic: sales, field: user, window: 1h }
  - id: refund-share
    kind: ratio
    topic: sales
    numerator: { kind: count, filter: "kind = 'refund'" }
    denominator: { kind: count }
    window: 1m
  - id: paid-share
    kind: ratio
    topic: sales
    numerator: { kind: count, topic: payments }
    denominator: { kind: count }
    by: shop
    window: 1m
  - id: ship-time
    kind: latency
    topic: sales
    key: order
    from: { filter: "kind = 'sale'" }
    to: { topic: shipments }
    stats: [p50, max]
    window: 10m
  - { id: closed, kind: state_duration, topic: status, key: name, state: status, value: 'OFF' }
  - { id: raw, kind: sql, window: 1m, sql: "SELECT 0 AS window_start, 1 AS value" }
  - { id: half, kind: count, topic: sales, window: 1500ms }
`;

describe('flinkExpression', () => {
  it('quotes field names in backticks and leaves strings, keywords and functions alone', () => {
    const t = flinkExpression(
      `status IN ('PLACED', 'it''s') AND coalesce(TRY_CAST(n AS DOUBLE), 0) > 1.5e3 AND "time stamp" IS NOT NULL`,
    );
    expect(t).toEqual({
      ok: true,
      sql: "`status` IN ('PLACED', 'it''s') AND coalesce(TRY_CAST(`n` AS DOUBLE), 0) > 1.5e3 AND `time stamp` IS NOT NULL",
      fields: ['status', 'n', 'time stamp'],
      numeric: [],
    });
  });

  it('names the fields compared with a number, which Flink must read as DOUBLE', () => {
    expect(flinkExpression("latencyMs > 1000 AND status = '5' AND 2 <= n")).toMatchObject({
      ok: true,
      numeric: ['latencyMs', 'n'],
    });
  });

  it('quotes a reserved word used as a field (timestamp, value)', () => {
    expect(flinkExpression("value > 0 AND timestamp <> ''")).toMatchObject({
      ok: true,
      sql: "`value` > 0 AND `timestamp` <> ''",
    });
  });

  it('refuses DuckDB casts and meta columns a Kafka table lacks, naming them', () => {
    expect(flinkExpression('amount::DOUBLE > 1')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('::'),
    });
    expect(flinkExpression('_seq > 3')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('_seq'),
    });
    expect(flinkExpression("_key = 'a'")).toMatchObject({ ok: true, fields: ['_key'] });
  });
});

describe('interval', () => {
  it('writes the largest unit that divides the duration, else DAY TO SECOND', () => {
    expect(interval(60_000, 'w')).toBe("INTERVAL '1' MINUTE(2)");
    expect(interval(900_000, 'w')).toBe("INTERVAL '15' MINUTE(2)");
    expect(interval(86_400_000, 'w')).toBe("INTERVAL '1' DAY(2)");
    expect(interval(90_000, 'w')).toBe("INTERVAL '90' SECOND(2)");
    expect(interval(1_001_000, 'w')).toBe("INTERVAL '0 00:16:41' DAY(2) TO SECOND(3)");
    expect(() => interval(1500, 'window size')).toThrow(
      'window size of 1500 ms is not a whole number of seconds',
    );
  });
});

describe('workbookToFlinkSql', () => {
  const wb = parseWorkbook(WORKBOOK, 'shop.yaml');
  const out = workbookToFlinkSql(wb, OPTIONS);

  it('translates or lists every metric, never dropping one', () => {
    expect(out.translated).toEqual([
      'sales',
      'revenue',
      'p90',
      'buyers',
      'refund-share',
      'paid-share',
      'ship-time',
    ]);
    expect(out.skipped.map((s) => s.metric)).toEqual(['closed', 'raw', 'half']);
    expect(out.topics).toEqual(['sales', 'payments', 'shipments']);
    expect(out.skipped[0]!.reason).toMatch(/state_duration/);
    expect(out.skipped[2]!.reason).toBe('window size of 1500 ms is not a whole number of seconds');
    for (const s of out.skipped) expect(out.sql).toContain(`-- Not translated: ${s.metric}: `);
    expect(out.sql.match(/^INSERT INTO `tapedeck_series`$/gm)).toHaveLength(7);
  });

  it('declares one Kafka table per topic read, numeric operands as DOUBLE, event time with a 1 ms watermark', () => {
    const sales = tableDdl(out.sql, 'sales');
    expect(sales).toContain('`kind` STRING');
    expect(sales).toContain('`shop` STRING');
    expect(sales).toContain('`amount` DOUBLE');
    expect(sales).toContain('`user` STRING');
    expect(sales).toContain('`order` STRING');
    expect(sales).toContain("`_tapedeck_ts` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp'");
    expect(sales).toContain(
      "WATERMARK FOR `_tapedeck_ts` AS `_tapedeck_ts` - INTERVAL '0.001' SECOND",
    );
    expect(sales).toContain("'properties.bootstrap.servers' = 'k1:9092,k2:9092'");
    expect(sales).toContain("'scan.startup.mode' = 'earliest-offset'");
    expect(sales).toContain("'scan.bounded.mode' = 'latest-offset'");
    expect(sales).toContain("'scan.watermark.emit.strategy' = 'on-event'");
    expect(tableDdl(out.sql, 'payments')).not.toContain('`shop` DOUBLE');
    expect(tableDdl(out.sql, 'shipments')).toContain('`order` STRING');
    // the state_duration metric was refused, so its topic is not read
    expect(out.sql).not.toContain('CREATE TABLE `status`');
    expect(out.sql).toContain("SET 'table.exec.source.idle-timeout' = '5000 ms';");
  });

  it('writes filters, by labels, hopping windows, PERCENTILE, and NaN for an empty denominator', () => {
    expect(out.sql).toContain(
      "CONCAT_WS(' · ', COALESCE(CAST(`shop` AS STRING), '(none)'), COALESCE(CAST(`region` AS STRING), '(none)'))",
    );
    expect(out.sql).toContain("WHERE (`kind` = 'sale')");
    expect(out.sql).toContain(
      "TABLE(HOP(TABLE `sales`, DESCRIPTOR(`_tapedeck_ts`), INTERVAL '1' MINUTE(2), INTERVAL '5' MINUTE(2)))",
    );
    expect(out.sql).toContain('CAST(COALESCE(SUM(`amount`), 0) AS DOUBLE)');
    expect(out.sql).toContain('CAST(PERCENTILE(`amount`, 0.9) AS DOUBLE)');
    expect(out.sql).toContain('CAST(COUNT(DISTINCT `user`) AS DOUBLE)');
    expect(out.sql).toContain(
      "CAST(COUNT(*) FILTER (WHERE `kind` = 'refund') AS DOUBLE) / CAST(COUNT(*) AS DOUBLE)",
    );
    expect(out.sql).toContain("THEN CAST('NaN' AS DOUBLE)");
    // two topics: a window join, the denominator on the left
    expect(out.sql).toMatch(
      /\) d LEFT JOIN \(\s+SELECT window_start, window_end, COALESCE\(CAST\(`shop` AS STRING\), '\(none\)'\) AS label, CAST\(COUNT\(\*\) AS DOUBLE\) AS v\s+FROM TABLE\(TUMBLE\(TABLE `payments`/,
    );
  });

  it('joins a latency pair by key within the bound and names each stat', () => {
    expect(out.sql).toContain(
      "AND s.`_tapedeck_ts` BETWEEN e.`_tapedeck_ts` - INTERVAL '1' DAY(2) AND e.`_tapedeck_ts`",
    );
    expect(out.sql).toContain("label || ' · p50' AS label, `p50` AS `value`");
    expect(out.sql).toContain("label || ' · max' AS label, `max` AS `value`");
  });

  it('takes start and end offsets from the time range and cuts the still-open windows at the end', () => {
    const r = workbookToFlinkSql(wb, {
      ...OPTIONS,
      from: { kind: 'time', ms: 1_000 },
      to: { kind: 'time', ms: 9_000 },
      topicPrefix: 'replay.',
      kafkaProperties: { 'security.protocol': 'SASL_SSL' },
      metrics: ['sales'],
    });
    expect(r.translated).toEqual(['sales']);
    expect(r.topics).toEqual(['replay.sales']);
    const sales = tableDdl(r.sql, 'sales');
    expect(sales).toContain("'topic' = 'replay.sales'");
    expect(sales).toContain("'scan.startup.timestamp-millis' = '1000'");
    expect(sales).toContain("'scan.bounded.timestamp-millis' = '9000'");
    expect(sales).toContain("'properties.security.protocol' = 'SASL_SSL'");
    expect(r.sql).toContain('WHERE time_ms <= 9000');
    const live = workbookToFlinkSql(wb, { ...OPTIONS, to: { kind: 'live' }, metrics: ['sales'] });
    expect(live.sql).not.toContain('scan.bounded');
    expect(live.sql).not.toContain('time_ms <=');
  });

  it('writes a state duration as one cumulative window per key ending 1 ms after each instant up to the end, or lists it without an end', () => {
    expect(out.skipped[0]!.reason).toContain('state_duration needs the end of the history');
    const noon = Date.parse('2026-01-05T12:00:00Z');
    const r = workbookToFlinkSql(wb, {
      ...OPTIONS,
      to: { kind: 'time', ms: noon + 30_000 },
      metrics: ['closed'],
    });
    expect(r.translated).toEqual(['closed']);
    expect(r.topics).toEqual(['status']);
    const status = tableDdl(r.sql, 'status');
    expect(status).toContain('`status` STRING');
    expect(status).toContain('`name` STRING');
    // the last instant is 12:00; (12:00 + 1 ms) mod 3650 days = 2208 days 12:00:00.001
    expect(r.sql).toContain(
      "TABLE(CUMULATE(TABLE `tapedeck_state_events_7`, DESCRIPTOR(`_tapedeck_ts`), INTERVAL '1' MINUTE(2), INTERVAL '3650 00:00:00' DAY(4) TO SECOND(3), INTERVAL '2208 12:00:00.001' DAY(4) TO SECOND(3)))",
    );
    expect(r.sql).toContain('LAG(hit) OVER (PARTITION BY label ORDER BY `_tapedeck_ts`)');
    expect(r.sql).toContain("COALESCE(CAST(`status` AS STRING) IN ('OFF'), FALSE) AS hit");
    expect(r.sql).toContain('WHERE starts > ends');
    expect(r.sql).toContain(`WHERE time_ms <= ${noon + 30_000}`);
  });

  it('writes a Kafka sink with the connection properties', () => {
    const r = workbookToFlinkSql(wb, {
      ...OPTIONS,
      sink: { kind: 'kafka', topic: 'series' },
      metrics: ['sales'],
    });
    const sink = tableDdl(r.sql, 'tapedeck_series');
    expect(sink).toContain("'connector' = 'kafka'");
    expect(sink).toContain("'topic' = 'series'");
    expect(sink).toContain("'format' = 'json'");
  });
});

function tableDdl(sql: string, name: string): string {
  const start = sql.indexOf(`CREATE TABLE \`${name}\` (`);
  if (start < 0) throw new Error(`no table ${name} in:\n${sql}`);
  return sql.slice(start, sql.indexOf(');', start));
}

describe('workbookToFlinkSql with SLIs', () => {
  const wb = parseWorkbook(
    `name: s
options: { grace: 2m }
metrics:
  - { id: n, kind: count, topic: probe, window: 1m }
slis:
  - { id: slow, topic: probe, bad: 'latencyMs > 1000', objective: 0.999, period: 30d }
  - { id: ok, topic: probe, good: "status = 'OK'", total: 'latencyMs >= 0', objective: 0.99, period: 30d }
`,
    's.yaml',
  );
  const out = workbookToFlinkSql(wb, OPTIONS);

  it("reads an SLI's topic through a table whose watermark lags by the grace period", () => {
    expect(out.translated).toEqual(['n', 'slow', 'ok']);
    expect(out.topics).toEqual(['probe']);
    expect(tableDdl(out.sql, 'probe')).toContain("AS `_tapedeck_ts` - INTERVAL '0.001' SECOND");
    const graced = tableDdl(out.sql, 'probe@grace');
    expect(graced).toContain("'topic' = 'probe'");
    expect(graced).toContain(
      "AS `_tapedeck_ts` - INTERVAL '2' MINUTE(2) - INTERVAL '0.001' SECOND",
    );
    expect(graced).toContain('`latencyMs` DOUBLE'); // compared with a number
    expect(graced).toContain('`status` STRING');
  });

  it('writes the minute series: any bad record, or 1 − good/total', () => {
    expect(out.sql).toContain(
      'CAST(MAX(CASE WHEN COALESCE((`latencyMs` > 1000), FALSE) THEN 1 ELSE 0 END) AS DOUBLE)',
    );
    expect(out.sql).toContain(
      "1 - CAST(COUNT(*) FILTER (WHERE COALESCE((`status` = 'OK'), FALSE)) AS DOUBLE) / COUNT(*)",
    );
    expect(out.sql).toContain('WHERE (`latencyMs` >= 0)');
    expect(out.sql).toContain(
      "TABLE(TUMBLE(TABLE `probe@grace`, DESCRIPTOR(`_tapedeck_ts`), INTERVAL '1' MINUTE(2)))",
    );
  });
});
