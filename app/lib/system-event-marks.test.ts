import { describe, expect, it } from 'vitest';
import type { SystemEvent } from '../../engine/index.ts';
import { eventColor, eventLines, eventTypeCounts, shownEvents } from './system-event-marks.ts';

const T = Date.UTC(2026, 0, 5, 12, 0, 0);
const ev = (type: string, source: string | null = 'svc', detail = 'd'): SystemEvent => ({
  time: T,
  type,
  detail,
  source,
});

describe('system event marks', () => {
  it('eventTypeCounts lists each type once, most frequent first, ties by name', () => {
    const events = [ev('DEPLOY'), ev('SCALE_UP'), ev('DEPLOY'), ev('CONFIG_CHANGE')];
    expect(eventTypeCounts(events)).toEqual([
      { type: 'DEPLOY', count: 2 },
      { type: 'CONFIG_CHANGE', count: 1 },
      { type: 'SCALE_UP', count: 1 },
    ]);
  });

  it('shownEvents leaves out the hidden types and keeps the order', () => {
    const events = [ev('DEPLOY', 'a'), ev('SCALE_UP'), ev('DEPLOY', 'b')];
    expect(shownEvents(events, new Set(['SCALE_UP']))).toEqual([events[0], events[2]]);
    expect(shownEvents(events, new Set())).toEqual(events);
  });

  it('eventLines shows time, type, scope and detail; no scope line without a scope field', () => {
    expect(eventLines(ev('DEPLOY', 'talabat-adapter', 'v3.10.0'))).toEqual([
      { label: 'time', value: '2026-01-05 12:00:00 UTC' },
      { label: 'type', value: 'DEPLOY' },
      { label: 'scope', value: 'talabat-adapter' },
      { label: 'detail', value: 'v3.10.0' },
    ]);
    expect(eventLines(ev('DEPLOY', null)).map((l) => l.label)).toEqual(['time', 'type', 'detail']);
  });

  it('eventColor gives failures a red and unknown types a neutral color', () => {
    expect(eventColor('POD_FAILED')).toBe('#c92a2a');
    expect(eventColor('SOMETHING')).toBe('#495057');
  });
});
