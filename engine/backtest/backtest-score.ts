import type { FiringInterval } from '../contract.ts';
import type { Incident } from '../../formats/index.ts';
import { checkNonNegative, invalid } from '../alerts/option-checks.ts';
import { earlyDetection, gridRows, type EarlyDetection } from './early-detection.ts';

const DAY_MS = 86_400_000;

/**
 * Restricts each series' alerts to the incidents of its own slice: a series whose dimension
 * value is `v` can only detect incidents with `scope[dimension] === v`.
 */
export interface ScopeMatch {
  /** the incident scope key the series are split by, e.g. `region` */
  dimension: string;
  /**
   * each series label's dimension value, for labels such as `region=eu`, or the values it
   * matches any of when its position in the label is unknown; a label not listed is its own
   * value. Plain data, so the option crosses the worker boundary.
   */
  seriesValues?: Record<string, string | readonly string[]>;
  /**
   * incidents whose scope has no value for `dimension`: `'ignore'` (default) leaves them out of
   * the score entirely; `'all-series'` lets any series detect them
   */
  unscoped?: 'ignore' | 'all-series';
}

/** How alerts are scored against incidents. */
export interface ScoreOptions {
  /**
   * An alert matches an incident when it starts within `[start − beforeMs, end + afterMs)`:
   * early warnings and late detections within these margins still count.
   */
  tolerance: { beforeMs: number; afterMs: number };
  /** the replayed span `[start, end)`, for alerts per day */
  span: { start: number; end: number };
  /** an interval starting at most this many minutes after its series' last one ended flaps; default 10 */
  flapMinutes?: number;
  scope?: ScopeMatch;
  /**
   * the rows the early-detection score places alerts and incidents on: every `rowMs` over the
   * span (a rule's evaluation step); without it there is no `earlyDetection`
   */
  rowMs?: number;
}

/** Whether and how fast one incident was detected. */
export interface IncidentDetection {
  incidentId: string;
  detected: boolean;
  /** first matching alert start − incident start (negative if the alert came early); null if missed */
  timeToDetectMs: number | null;
}

/** A backtest's scores. Ratios are null when they would divide by zero. */
export interface BacktestScore {
  incidents: number;
  detected: number;
  alerts: number;
  /** alerts that match at least one incident */
  trueAlerts: number;
  /** alerts that match none */
  falseAlerts: number;
  /** detected / incidents; null with no incidents */
  recall: number | null;
  /** trueAlerts / alerts; null with no alerts (no alert was wrong, but none was right either) */
  precision: number | null;
  alertsPerDay: number;
  falseAlertsPerDay: number;
  /** mean time to detect over detected incidents; null if none was detected */
  meanTimeToDetectMs: number | null;
  /** intervals that start within `flapMinutes` after the previous interval of the same series ended */
  flapping: number;
  perIncident: IncidentDetection[];
  /**
   * NAB's early-detection scores (`earlyDetection`), with each incident's tolerance window
   * `[start − before, end + after)` as its labelled window; when `rowMs` is given
   */
  earlyDetection?: EarlyDetection;
}

/** Checks scoring options once, so a sweep does not re-check them per row. */
export function checkScoreOptions(options: ScoreOptions): void {
  checkNonNegative('tolerance.beforeMs', options.tolerance.beforeMs);
  checkNonNegative('tolerance.afterMs', options.tolerance.afterMs);
  const { start, end } = options.span;
  if (!(Number.isFinite(start) && Number.isFinite(end) && end > start)) {
    invalid('span', `[${start}, ${end})`, 'must be finite with end > start');
  }
  checkNonNegative('flapMinutes', options.flapMinutes ?? 10);
  if (options.rowMs !== undefined && !(options.rowMs > 0 && Number.isFinite(options.rowMs))) {
    invalid('rowMs', options.rowMs, 'must be a positive number of ms');
  }
}

/** Whether an alert of `series` may detect `incident` under the scope option. */
function inScope(scope: ScopeMatch | undefined, incident: Incident, series: string): boolean {
  if (!scope) return true;
  const wanted = incident.scope[scope.dimension];
  if (wanted === undefined) return scope.unscoped === 'all-series';
  const values = scope.seriesValues;
  // own keys only: a series may be labelled `constructor`
  const value = values && Object.hasOwn(values, series) ? values[series]! : series;
  return typeof value === 'string' ? value === wanted : value.includes(wanted);
}

/**
 * Scores firing intervals against labelled incidents (start inclusive, end exclusive).
 * Per incident: detected when some in-scope alert starts within the tolerance window, time to
 * detect from the earliest such start. Per alert: true when it matches at least one incident.
 * Flapping counts re-fires of one series within `flapMinutes` of its previous interval's end.
 */
export function scoreAlerts(
  intervals: readonly FiringInterval[],
  incidents: readonly Incident[],
  options: ScoreOptions,
): BacktestScore {
  checkScoreOptions(options);
  const { beforeMs, afterMs } = options.tolerance;
  const scope = options.scope;
  const counted = scope
    ? incidents.filter(
        (i) => i.scope[scope.dimension] !== undefined || scope.unscoped === 'all-series',
      )
    : incidents;

  const firstStart = new Float64Array(counted.length).fill(Infinity);
  let trueAlerts = 0;
  for (const alert of intervals) {
    let matched = false;
    for (let j = 0; j < counted.length; j++) {
      const incident = counted[j]!;
      if (alert.start < incident.start - beforeMs || alert.start >= incident.end + afterMs)
        continue;
      if (!inScope(scope, incident, alert.series)) continue;
      matched = true;
      if (alert.start < firstStart[j]!) firstStart[j] = alert.start;
    }
    if (matched) trueAlerts++;
  }

  const perIncident: IncidentDetection[] = counted.map((incident, j) => {
    const first = firstStart[j]!;
    const detected = first !== Infinity;
    return {
      incidentId: incident.id,
      detected,
      timeToDetectMs: detected ? first - incident.start : null,
    };
  });
  const detections = perIncident.filter((d) => d.detected);
  const ttdSum = detections.reduce((sum, d) => sum + d.timeToDetectMs!, 0);
  const days = (options.span.end - options.span.start) / DAY_MS;
  const alerts = intervals.length;
  const falseAlerts = alerts - trueAlerts;
  const early =
    options.rowMs === undefined
      ? undefined
      : earlyDetection({
          rows: gridRows(options.span.start, options.span.end, options.rowMs),
          windows: counted.map((i) => ({ start: i.start - beforeMs, end: i.end + afterMs })),
          alerts: intervals.map((i) => i.start),
          canDetect: (a, w) => inScope(scope, counted[w]!, intervals[a]!.series),
        });
  return {
    incidents: counted.length,
    detected: detections.length,
    alerts,
    trueAlerts,
    falseAlerts,
    recall: counted.length > 0 ? detections.length / counted.length : null,
    precision: alerts > 0 ? trueAlerts / alerts : null,
    alertsPerDay: alerts / days,
    falseAlertsPerDay: falseAlerts / days,
    meanTimeToDetectMs: detections.length > 0 ? ttdSum / detections.length : null,
    flapping: countFlapping(intervals, (options.flapMinutes ?? 10) * 60_000),
    perIncident,
    ...(early ? { earlyDetection: early } : {}),
  };
}

/**
 * Intervals that start at most `windowMs` after the previous interval of the same series
 * ended (`start − previousEnd ≤ windowMs`). Intervals may come in any order.
 */
export function countFlapping(intervals: readonly FiringInterval[], windowMs: number): number {
  const bySeries = new Map<string, FiringInterval[]>();
  for (const interval of intervals) {
    const list = bySeries.get(interval.series);
    if (list) list.push(interval);
    else bySeries.set(interval.series, [interval]);
  }
  let flapping = 0;
  for (const list of bySeries.values()) {
    list.sort((a, b) => a.start - b.start);
    for (let i = 1; i < list.length; i++) {
      const previousEnd = list[i - 1]!.end;
      if (previousEnd !== null && list[i]!.start - previousEnd <= windowMs) flapping++;
    }
  }
  return flapping;
}
