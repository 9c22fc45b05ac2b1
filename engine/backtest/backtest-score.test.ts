import { describe, expect, it } from 'vitest';
import type { FiringInterval } from '../contract.ts';
import type { Incident } from '../../formats/index.ts';
import { countFlapping, scoreAlerts, type ScoreOptions } from './backtest-score.ts';

const M = 60_000;
const DAY = 86_400_000;

function incident(id: string, start: number, end: number, scope: Record<string, string>): Incident {
  return { id, kind: 'test', start, end, scope, description: '' };
}

const incidents = [
  incident('A', 1000, 2000, { region: 'eu' }),
  incident('B', 5000, 6000, { region: 'us' }),
  incident('C', 9000, 9500, {}),
];

const alerts: FiringInterval[] = [
  { series: 'eu', start: 900, end: 1200 }, // A.start − 100: on the inclusive edge → matches A
  { series: 'eu', start: 1500, end: 1600 }, // inside A
  { series: 'us', start: 6200, end: 6300 }, // B.end + 200: on the exclusive edge → false
  { series: 'us', start: 6199, end: 6200 }, // just inside B's after-margin → matches B
  { series: 'eu', start: 3000, end: 3100 }, // nothing → false
  { series: 'eu', start: 9100, end: 9200 }, // inside C
  { series: 'us', start: 1100, end: 1150 }, // inside A in time, but A is an eu incident
];

const options: ScoreOptions = {
  tolerance: { beforeMs: 100, afterMs: 200 },
  span: { start: 0, end: 2 * DAY },
};

describe('scoreAlerts', () => {
  it('matches alerts that start within [start − before, end + after) and scores them', () => {
    const s = scoreAlerts(alerts, incidents, options);
    expect(s.incidents).toBe(3);
    expect(s.detected).toBe(3);
    expect(s.recall).toBe(1);
    expect(s.alerts).toBe(7);
    expect(s.trueAlerts).toBe(5);
    expect(s.falseAlerts).toBe(2);
    expect(s.precision).toBeCloseTo(5 / 7, 12);
    expect(s.alertsPerDay).toBe(3.5);
    expect(s.falseAlertsPerDay).toBe(1);
    expect(s.perIncident).toEqual([
      { incidentId: 'A', detected: true, timeToDetectMs: -100 },
      { incidentId: 'B', detected: true, timeToDetectMs: 1199 },
      { incidentId: 'C', detected: true, timeToDetectMs: 100 },
    ]);
    expect(s.meanTimeToDetectMs).toBeCloseTo(1199 / 3, 9);
  });

  it('an alert one ms before the before-margin does not match', () => {
    const s = scoreAlerts([{ series: 'eu', start: 899, end: 950 }], [incidents[0]!], options);
    expect(s.detected).toBe(0);
    expect(s.recall).toBe(0);
    expect(s.falseAlerts).toBe(1);
    expect(s.perIncident[0]!.timeToDetectMs).toBeNull();
    expect(s.meanTimeToDetectMs).toBeNull();
  });

  it('scope restriction: a series detects only incidents of its own dimension value; unscoped incidents are ignored by default', () => {
    const s = scoreAlerts(alerts, incidents, { ...options, scope: { dimension: 'region' } });
    expect(s.incidents).toBe(2);
    expect(s.detected).toBe(2);
    expect(s.trueAlerts).toBe(3); // the us alert during A and the eu alert during C are false now
    expect(s.falseAlerts).toBe(4);
    expect(s.precision).toBeCloseTo(3 / 7, 12);
    expect(s.meanTimeToDetectMs).toBeCloseTo((-100 + 1199) / 2, 9);
  });

  it("scope restriction with unscoped 'all-series' lets any series detect an unscoped incident", () => {
    const s = scoreAlerts(alerts, incidents, {
      ...options,
      scope: { dimension: 'region', unscoped: 'all-series' },
    });
    expect(s.incidents).toBe(3);
    expect(s.trueAlerts).toBe(4);
    expect(s.recall).toBe(1);
  });

  it('scope restriction maps series labels to dimension values with seriesValues', () => {
    const labelled = alerts.map((a) => ({ ...a, series: `region=${a.series}` }));
    const s = scoreAlerts(labelled, incidents, {
      ...options,
      scope: { dimension: 'region', seriesValues: { 'region=eu': 'eu', 'region=us': 'us' } },
    });
    expect(s.trueAlerts).toBe(3);
  });

  it('a series whose seriesValues is a list detects incidents of any value in it', () => {
    const labelled = alerts.map((a) => ({ ...a, series: `${a.series} · x` }));
    const s = scoreAlerts(labelled, incidents, {
      ...options,
      scope: {
        dimension: 'region',
        seriesValues: { 'eu · x': ['eu · x', 'eu', 'x'], 'us · x': ['us · x', 'us', 'x'] },
      },
    });
    expect(s.trueAlerts).toBe(3);
    const odd = [{ series: 'constructor', start: 1000, end: 1100 }];
    const none = { dimension: 'region', seriesValues: {} };
    expect(scoreAlerts(odd, incidents, { ...options, scope: none }).trueAlerts).toBe(0);
  });

  it('precision is null with no alerts and recall is null with no incidents', () => {
    const none = scoreAlerts([], incidents, options);
    expect(none.precision).toBeNull();
    expect(none.recall).toBe(0);
    expect(none.alertsPerDay).toBe(0);
    const noIncidents = scoreAlerts(alerts, [], options);
    expect(noIncidents.recall).toBeNull();
    expect(noIncidents.precision).toBe(0);
  });

  it('counts flapping per series: a start at most flapMinutes after the previous end of that series', () => {
    const flappy: FiringInterval[] = [
      { series: 'a', start: 20 * M, end: 30 * M }, // 10 min after the first ends: flaps (edge)
      { series: 'a', start: 0, end: 10 * M },
      { series: 'a', start: 41 * M, end: 50 * M }, // 11 min: does not
      { series: 'b', start: 12 * M, end: null }, // another series: b's first, does not
      { series: 'a', start: 52 * M, end: null }, // 2 min: flaps
    ];
    expect(scoreAlerts(flappy, [], options).flapping).toBe(2);
    expect(scoreAlerts(flappy, [], { ...options, flapMinutes: 11 }).flapping).toBe(3);
    expect(countFlapping(flappy, 2 * M)).toBe(1);
  });

  it('rejects an empty span and a negative tolerance', () => {
    expect(() => scoreAlerts([], [], { ...options, span: { start: 5, end: 5 } })).toThrow(
      'invalid span',
    );
    expect(() =>
      scoreAlerts([], [], { ...options, tolerance: { beforeMs: -1, afterMs: 0 } }),
    ).toThrow('invalid tolerance.beforeMs: -1');
  });
});
