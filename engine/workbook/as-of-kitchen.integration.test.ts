import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKitchen, KITCHEN_DEFAULTS } from '../../scenarios/index.ts';
import type {
  AlertRuleResult,
  FiringInterval,
  Frame,
  MetricFrame,
  SqlMetric,
  Workbook,
} from '../contract.ts';
import type { Engine } from '../engine.ts';
import { createNodeEngine } from '../node.ts';
import { evaluateMetricRule, evaluateWorkbookAlerts } from './evaluate-alerts.ts';
import { KITCHEN_WORKBOOK } from './kitchen-workbook.ts';
import { parseWorkbook } from './parse-workbook.ts';
import { stringifyWorkbook } from './stringify-workbook.ts';

const MIN = 60_000;

/**
 * The issue's two hindsight metrics, as the kitchen workbook first defined them (in 5-minute
 * windows here, so that a short recording has retries that cross a window's end): a failure is
 * transient if its order succeeds within 30 minutes after it, and revenue affected counts orders
 * with a failure and no success so far — both change for past windows as later payments arrive.
 */
const HINDSIGHT = parseWorkbook(
  `name: hindsight
metrics:
  - id: transient-share-hindsight
    kind: sql
    sql: >-
      SELECT f._ts - f._ts % 300000 AS window_start,
        avg(CASE WHEN EXISTS (
          SELECT 1 FROM payments ok
          WHERE ok.status = 'SUCCEEDED' AND ok.orderId = f.orderId
            AND ok._ts > f._ts AND ok._ts <= f._ts + 1800000
        ) THEN 1.0 ELSE 0.0 END) AS value
      FROM payments f
      WHERE f.status = 'FAILED' AND f._ts IS NOT NULL
      GROUP BY 1
    window: 5m
    label: transient
  - id: revenue-affected-hindsight
    kind: sql
    sql: >-
      SELECT last_failed - last_failed % 300000 AS window_start, currency AS dimension,
        sum(amount) AS value
      FROM (
        SELECT orderId, max(_ts) FILTER (WHERE status = 'FAILED') AS last_failed,
          any_value(TRY_CAST(amount AS DOUBLE)) AS amount, any_value(currency) AS currency,
          bool_or(status = 'SUCCEEDED') AS succeeded
        FROM payments WHERE _ts IS NOT NULL GROUP BY orderId
      )
      WHERE last_failed IS NOT NULL AND NOT succeeded
      GROUP BY ALL
    window: 5m
    missing: 0
alerts:
  - { id: transient-share-hindsight-low, kind: threshold, metric: transient-share-hindsight, op: '<', value: 0.5, for: 15m }
  - { id: revenue-affected-hindsight-high, kind: threshold, metric: revenue-affected-hindsight, op: '>', value: 300 }`,
  'hindsight.yaml',
);

/**
 * The bundled workbook's payment metrics (every `sql` metric, and the others on `payments`) and
 * their rules, with the hindsight metrics beside them: the metrics whose past values can change.
 */
function paymentsWorkbook(): Workbook {
  const wb = parseWorkbook(KITCHEN_WORKBOOK.text, KITCHEN_WORKBOOK.name);
  const metrics = [
    ...wb.metrics.filter((m) => m.kind === 'sql' || ('topic' in m && m.topic === 'payments')),
    ...HINDSIGHT.metrics,
  ];
  const ids = new Set(metrics.map((m) => m.id));
  const alerts = [
    ...wb.alerts.filter((a) => a.kind !== 'burn_rate' && ids.has(a.metric)),
    ...HINDSIGHT.alerts,
  ];
  return { ...wb, metrics, alerts, slis: [], charts: [], events: null };
}

const workbook = paymentsWorkbook();
const sqlMetrics = workbook.metrics.filter((m): m is SqlMetric => m.kind === 'sql');

// Six hours of the kitchen scenario with a payment outage: failures, retries, recoveries.
const { records, labels } = generateKitchen({
  ...KITCHEN_DEFAULTS,
  durationMs: 6 * 3600_000,
  ordersPerHour: 1200,
  incidents: ['payment-outage'],
});

let backtest: Engine;
let live: Engine;
let end: number;
let frame: Frame;
let rules: AlertRuleResult[];
/** records delivered at each minute of the live replay */
const deliveredAt = new Map<number, number>();

beforeAll(async () => {
  [backtest, live] = await Promise.all([createNodeEngine(), createNodeEngine()]);
  for (const engine of [backtest, live]) {
    const loaded = await engine.loadWorkbook(stringifyWorkbook(workbook), 'payments.yaml');
    expect(loaded.issues).toEqual([]);
  }
  const summary = await backtest.loadRecords(records, 'kitchen', labels.incidents);
  await live.loadRecords(records, 'kitchen', labels.incidents);
  end = summary.end;
  // The backtest as `tapedeck backtest` runs it: every rule at once, at the end of the replay.
  rules = await backtest.alerts(end);
  frame = await backtest.frame(end);
}, 300_000);
afterAll(() => {
  backtest.close();
  live.close();
});

function metric(f: Frame, id: string): MetricFrame {
  const found = f.metrics.find((m) => m.id === id);
  if (!found) throw new Error(`no metric ${id}: ${f.metrics.map((m) => m.id).join(', ')}`);
  return found;
}

const same = (a: number | undefined, b: number | undefined) =>
  a === b || (Number.isNaN(a) && Number.isNaN(b));

const firingAt = (intervals: readonly FiringInterval[], t: number, series: string) =>
  intervals.some((f) => f.series === series && f.start <= t && (f.end === null || t < f.end));

describe('as-of values on a kitchen recording with a payment outage', () => {
  it('the backtest reads the frame series: its intervals are the rules evaluated on them', () => {
    expect(rules.map((r) => r.error)).toEqual(rules.map(() => null));
    const inputs = { metrics: frame.metrics, slis: frame.slis ?? [] };
    expect(rules).toEqual(evaluateWorkbookAlerts(workbook, inputs, { until: end }));
  });

  it('replayed minute by minute, every sample and alert state the backtest used is what a live evaluation at that minute had', async () => {
    const firstMinute = Math.ceil(records[0]!.timestamp! / MIN) * MIN;
    let samples = 0;
    let evaluations = 0;
    for (let t = firstMinute; t <= end; t += MIN) {
      const now = await live.frame(t);
      deliveredAt.set(t, now.delivered);
      for (const m of now.metrics) {
        const used = metric(frame, m.id);
        for (const s of m.series) {
          // The latest sample a rule evaluated at t sees: the last one at or before t.
          let i = s.times.length - 1;
          while (i >= 0 && s.times[i]! > t) i--;
          if (i < 0) continue;
          const u = used.series.find((x) => x.label === s.label);
          const expected = u?.values[u.times.indexOf(s.times[i]!)];
          const where = `${m.id} ${s.label} at ${new Date(s.times[i]!).toISOString()}`;
          expect(
            same(expected, s.values[i]),
            `${where}: backtest ${expected}, live ${s.values[i]}`,
          ).toBe(true);
          samples++;
        }
      }
      for (const rule of workbook.alerts) {
        if (rule.kind === 'burn_rate') continue;
        const def = workbook.metrics.find((m) => m.id === rule.metric)!;
        const series = metric(now, rule.metric).series;
        const liveIntervals = evaluateMetricRule(rule, def, series, t);
        const backtested = rules.find((r) => r.id === rule.id)!.intervals;
        for (const s of series) {
          expect(
            firingAt(backtested, t, s.label),
            `${rule.id} ${s.label} ${new Date(t).toISOString()}`,
          ).toBe(firingAt(liveIntervals, t, s.label));
          evaluations++;
        }
      }
    }
    expect(samples).toBeGreaterThan(1000);
    expect(evaluations).toBeGreaterThan(1000);
  }, 600_000);

  it.each(sqlMetrics.map((m) => m.id))(
    '%s: each sample is its query run on the records delivered by its time',
    async (id) => {
      const def = sqlMetrics.find((m) => m.id === id)!;
      const time = def.window ? `window_start + ${def.window.sizeMs}` : 't';
      const { columns } = await live.query(`SELECT * FROM (${def.sql}) LIMIT 0`);
      const label = columns.some((c) => c.toLowerCase() === 'dimension')
        ? `coalesce(CAST(dimension AS VARCHAR), '(none)')`
        : `'${def.label.replaceAll("'", "''")}'`;
      let changed = 0;
      let checked = 0;
      for (const s of metric(frame, id).series) {
        for (let i = 0; i < s.times.length; i++) {
          const t = s.times[i]!;
          const delivered = deliveredAt.get(t);
          if (t > end || delivered === undefined) continue;
          const run = async (n: number) => {
            const result = await live.query(
              `WITH payments AS (SELECT * FROM main.payments WHERE _seq < ${n})
              SELECT CAST(value AS DOUBLE) AS v, ${label} AS label FROM (${def.sql}) WHERE ${time} = ${t}`,
            );
            const row = result.rows.find((r) => r[1] === s.label);
            return row && row[0] !== null ? Number(row[0]) : def.missing;
          };
          const asOf = await run(delivered);
          expect(
            same(s.values[i], asOf),
            `${s.label} at ${new Date(t).toISOString()}: ${s.values[i]} vs ${asOf}`,
          ).toBe(true);
          const final = await run(records.length);
          if (!same(final, asOf)) changed++;
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(20);
      // The issue's metrics show the hindsight: some final values differ from what was known.
      if (HINDSIGHT.metrics.some((m) => m.id === id)) expect(changed).toBeGreaterThan(0);
    },
    300_000,
  );
});
