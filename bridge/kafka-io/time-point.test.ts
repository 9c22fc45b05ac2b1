import { describe, expect, it } from 'vitest';
import { checkTimeRange, parseTimePoint } from './time-point.ts';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0); // 2026-01-15T12:00:00Z

describe('parseTimePoint', () => {
  it('reads the named points', () => {
    expect(parseTimePoint('earliest', '--from', NOW)).toEqual({ kind: 'earliest' });
    expect(parseTimePoint('LATEST', '--to', NOW)).toEqual({ kind: 'latest' });
    expect(parseTimePoint('now', '--to', NOW)).toEqual({ kind: 'time', ms: NOW });
  });

  it('reads ISO-8601 times with Z, an offset, fractions, or a date alone (UTC midnight)', () => {
    expect(parseTimePoint('2026-01-01T00:00:00Z', '--from', NOW)).toEqual({
      kind: 'time',
      ms: 1_767_225_600_000,
    });
    expect(parseTimePoint('2026-01-01T01:00:00+01:00', '--from', NOW)).toEqual({
      kind: 'time',
      ms: 1_767_225_600_000,
    });
    expect(parseTimePoint('2026-01-01T00:00:00.250Z', '--from', NOW)).toEqual({
      kind: 'time',
      ms: 1_767_225_600_250,
    });
    expect(parseTimePoint('2026-01-01', '--from', NOW)).toEqual({
      kind: 'time',
      ms: 1_767_225_600_000,
    });
  });

  it('reads whole ms since the epoch', () => {
    expect(parseTimePoint('1767225600000', '--to', NOW)).toEqual({
      kind: 'time',
      ms: 1_767_225_600_000,
    });
  });

  it('reads a time ago, single or combined units, counted back from now', () => {
    expect(parseTimePoint('-1h', '--from', NOW)).toEqual({ kind: 'time', ms: NOW - 3_600_000 });
    expect(parseTimePoint('-30m', '--from', NOW)).toEqual({ kind: 'time', ms: NOW - 1_800_000 });
    expect(parseTimePoint('-2d', '--from', NOW)).toEqual({ kind: 'time', ms: NOW - 172_800_000 });
    expect(parseTimePoint('-1h30m', '--from', NOW)).toEqual({ kind: 'time', ms: NOW - 5_400_000 });
    expect(parseTimePoint('-1w', '--from', NOW)).toEqual({ kind: 'time', ms: NOW - 604_800_000 });
    expect(parseTimePoint('-90s', '--from', NOW)).toEqual({ kind: 'time', ms: NOW - 90_000 });
    expect(parseTimePoint('-500ms', '--from', NOW)).toEqual({ kind: 'time', ms: NOW - 500 });
    expect(parseTimePoint('-1.5h', '--from', NOW)).toEqual({ kind: 'time', ms: NOW - 5_400_000 });
    expect(parseTimePoint('-30m1h', '--from', NOW)).toEqual({ kind: 'time', ms: NOW - 5_400_000 });
    expect(parseTimePoint('-1H', '--from', NOW)).toEqual({ kind: 'time', ms: NOW - 3_600_000 });
    expect(parseTimePoint('-1y', '--from', NOW)).toEqual({
      kind: 'time',
      ms: NOW - 31_536_000_000,
    });
    expect(parseTimePoint('-0s', '--from', NOW)).toEqual({ kind: 'time', ms: NOW });
  });

  it('fails naming the option and the value, and what would be accepted', () => {
    expect(() => parseTimePoint('yesterday', '--from', NOW)).toThrow(
      'invalid --from: "yesterday" (expected an ISO-8601 time such as 2026-01-01T12:00:00Z, earliest, latest, now',
    );
    expect(() => parseTimePoint('-1x', '--to', NOW)).toThrow(
      'invalid --to: "-1x" (invalid duration "1x": expected a number with a unit',
    );
    expect(() => parseTimePoint('1h', '--to', NOW)).toThrow('invalid --to: "1h"');
    expect(() => parseTimePoint('', '--to', NOW)).toThrow('invalid --to: ""');
    expect(() => parseTimePoint('March 7', '--from', NOW)).toThrow('invalid --from: "March 7"');
  });

  it('rejects dates that do not exist instead of rolling them over', () => {
    expect(() => parseTimePoint('2026-02-30', '--from', NOW)).toThrow(
      'invalid --from: "2026-02-30" (not a real date or time)',
    );
    expect(() => parseTimePoint('2026-13-01T00:00:00Z', '--from', NOW)).toThrow(
      'invalid --from: "2026-13-01T00:00:00Z"',
    );
  });
});

describe('checkTimeRange', () => {
  it('rejects a --from instant after the --to instant, naming both', () => {
    expect(() =>
      checkTimeRange({ kind: 'time', ms: NOW }, { kind: 'time', ms: NOW - 1 }, 'now', '-1ms'),
    ).toThrow(
      'invalid --from/--to: --from "now" (2026-01-15T12:00:00.000Z) is after --to "-1ms" (2026-01-15T11:59:59.999Z)',
    );
    expect(() =>
      checkTimeRange({ kind: 'latest' }, { kind: 'earliest' }, 'latest', 'earliest'),
    ).toThrow('--from latest is after --to earliest');
  });

  it('accepts equal instants (an empty range) and ranges from earliest or to latest', () => {
    expect(() =>
      checkTimeRange({ kind: 'time', ms: NOW }, { kind: 'time', ms: NOW }, 'a', 'b'),
    ).not.toThrow();
    expect(() =>
      checkTimeRange({ kind: 'earliest' }, { kind: 'time', ms: 0 }, 'earliest', '0'),
    ).not.toThrow();
    expect(() =>
      checkTimeRange({ kind: 'time', ms: NOW }, { kind: 'latest' }, 'now', 'latest'),
    ).not.toThrow();
  });
});
