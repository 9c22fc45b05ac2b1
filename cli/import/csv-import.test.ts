import { describe, expect, it } from 'vitest';
import { importCsv, nabWindowIncidents, parseCsvTime } from './csv-import.ts';

describe('parseCsvTime', () => {
  it('reads NAB times as UTC, ISO times with their zone, and epoch ms', () => {
    expect(parseCsvTime('2014-02-14 14:30:00')).toBe(Date.UTC(2014, 1, 14, 14, 30));
    expect(parseCsvTime('2014-02-26 13:45:00.000000')).toBe(Date.UTC(2014, 1, 26, 13, 45));
    expect(parseCsvTime('2014-02-14T14:30:00+01:00')).toBe(Date.UTC(2014, 1, 14, 13, 30));
    expect(parseCsvTime('1392388200000')).toBe(1392388200000);
    expect(parseCsvTime('yesterday')).toBeNaN();
    expect(parseCsvTime('14:30')).toBeNaN();
  });
});

describe('importCsv', () => {
  const options = { file: 'm.csv', topic: 'm', timeColumn: 'timestamp' };

  it('makes one record a row, in order, with the other columns as a JSON object', () => {
    const out = importCsv(
      'timestamp,value,note\n2014-01-01 00:00:00,1.5,"a, b"\n2014-01-01 00:05:00,,x\n',
      options,
    );
    expect(out.rows).toBe(2);
    expect(out.skipped).toEqual([]);
    expect(out.records.map((r) => [r.offset, r.timestamp, JSON.parse(r.value!)])).toEqual([
      [0n, Date.UTC(2014, 0, 1), { value: 1.5, note: 'a, b' }],
      [1n, Date.UTC(2014, 0, 1, 0, 5), { value: null, note: 'x' }],
    ]);
  });

  it('names the file when it is not CSV or lacks the time column', () => {
    expect(() => importCsv('timestamp,value\n"open,1\n', options)).toThrow(/^m\.csv: not CSV: /);
    expect(() => importCsv('', options)).toThrow('m.csv: empty: no header line');
    expect(() => importCsv('time,value\n1,2\n', options)).toThrow(
      'm.csv: no column "timestamp" for the time (columns: time, value); give --time-column',
    );
  });
});

describe('nabWindowIncidents', () => {
  const windows = JSON.stringify({
    'realKnownCause/a.csv': [['2014-03-14 03:31:00.000000', '2014-03-14 14:41:00.000000']],
  });

  it("takes the file's windows, ending 1 ms after NAB's inclusive last time", () => {
    expect(nabWindowIncidents(windows, 'w.json', 'data/a.csv')).toEqual([
      {
        id: 'anomaly-1',
        kind: 'anomaly',
        start: Date.UTC(2014, 2, 14, 3, 31),
        end: Date.UTC(2014, 2, 14, 14, 41) + 1,
        scope: {},
        description:
          'NAB window 2014-03-14 03:31:00.000000 – 2014-03-14 14:41:00.000000 of realKnownCause/a.csv',
      },
    ]);
  });

  it('names the windows file and the reason when it does not fit', () => {
    expect(() => nabWindowIncidents(windows, 'w.json', 'b.csv')).toThrow(
      'w.json: lists no windows for b.csv',
    );
    expect(() => nabWindowIncidents('[', 'w.json', 'a.csv')).toThrow(/^w\.json: not JSON/);
    expect(() =>
      nabWindowIncidents(JSON.stringify({ 'a.csv': [['x', 'y']] }), 'w.json', 'a.csv'),
    ).toThrow('w.json: "a.csv" window 1: expected [start, end] times, got ["x","y"]');
  });
});
