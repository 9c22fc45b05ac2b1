import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatDuration,
  formatUtc,
  formatUtcClock,
  formatUtcRange,
  formatInUnit,
  formatTick,
  formatValue,
  axisLabel,
} from './format.ts';

// 2026-01-05 13:42:07 UTC
const T = Date.UTC(2026, 0, 5, 13, 42, 7);

describe('formats', () => {
  it('formatUtc writes the replay time as 2026-01-05 13:42 UTC', () => {
    expect(formatUtc(T)).toBe('2026-01-05 13:42 UTC');
  });

  it('formatUtcClock writes hours and minutes, with seconds on request', () => {
    expect(formatUtcClock(T)).toBe('13:42');
    expect(formatUtcClock(T, true)).toBe('13:42:07');
  });

  it('formatUtc rejects a timestamp that is not a date', () => {
    expect(() => formatUtc(Number.NaN)).toThrow('invalid timestamp: NaN');
  });

  it('formatUtcRange writes the date once for a range within a day', () => {
    expect(formatUtcRange(T, T + 23 * 60_000)).toBe('2026-01-05 13:42–14:05 UTC');
  });

  it('formatUtcRange writes both dates across midnight and says when still firing', () => {
    const late = Date.UTC(2026, 0, 5, 23, 50);
    expect(formatUtcRange(late, late + 20 * 60_000)).toBe(
      '2026-01-05 23:50 – 2026-01-06 00:10 UTC',
    );
    expect(formatUtcRange(T, null)).toBe('2026-01-05 13:42 – still firing');
  });

  it('formatDuration uses whole seconds, minutes and hours', () => {
    expect(formatDuration(45_900)).toBe('45 s');
    expect(formatDuration(15 * 60_000)).toBe('15 min');
    expect(formatDuration(2 * 3_600_000)).toBe('2 h');
    expect(formatDuration(125 * 60_000)).toBe('2 h 5 min');
    expect(() => formatDuration(-1)).toThrow('invalid duration: -1');
  });

  it('formatCount groups thousands', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(0)).toBe('0');
  });

  it('formatValue keeps 4 significant digits and writes extremes as exponents', () => {
    expect(formatValue(0.123456)).toBe('0.1235');
    expect(formatValue(42)).toBe('42');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(2_500_000)).toBe('2.50e+6');
    expect(formatValue(Number.NaN)).toBe('–');
  });
});

describe('values in their unit', () => {
  it('a ratio is shown as a percentage, other units after the value', () => {
    expect(formatInUnit(0.14, 'ratio')).toBe('14%');
    expect(formatInUnit(0.1234, 'ratio')).toBe('12.34%');
    expect(formatInUnit(17, 'orders')).toBe('17 orders');
    expect(formatInUnit(Number.NaN, 'ratio')).toBe('–');
  });

  it('seconds read as minutes from two minutes on and as hours from two hours on', () => {
    expect(formatInUnit(45, 's')).toBe('45 s');
    expect(formatInUnit(119.5, 's')).toBe('119.5 s');
    // 3118 s = 51.9666… min, to 4 significant digits
    expect(formatInUnit(3118, 's')).toBe('51.97 min');
    expect(formatInUnit(120, 's')).toBe('2 min');
    expect(formatInUnit(7200, 's')).toBe('2 h');
    expect(formatInUnit(9000, 's')).toBe('2.5 h');
    expect(formatInUnit(-300, 's')).toBe('-5 min');
    expect(formatInUnit(15, 'ms')).toBe('15 ms');
  });

  it('ratio axis ticks are percentages, seconds carry their unit', () => {
    expect(formatTick(0.05, 'ratio')).toBe('5%');
    expect(formatTick(0.05, 's')).toBe('0.05 s');
    expect(formatTick(0, 's')).toBe('0');
    expect(formatTick(1800, 's')).toBe('30 min');
    expect(formatTick(5400, 's')).toBe('90 min');
    expect(formatTick(10800, 's')).toBe('3 h');
    expect(formatTick(2000, 'orders')).toBe('2000');
    expect(axisLabel('s')).toBeUndefined();
    expect(axisLabel('orders')).toBe('orders');
  });
});
