import type { SystemEvent } from '../../engine/index.ts';
import { formatUtcClock, formatUtcDate } from './format.ts';

/** Colors of system event types (seed 004); other types share a neutral one. */
const EVENT_COLORS: Record<string, string> = {
  DEPLOY: '#0b7285',
  CONFIG_CHANGE: '#9c36b5',
  SCALE_UP: '#2b8a3e',
  SCALE_DOWN: '#5c940d',
  POD_FAILED: '#c92a2a',
  PROVISION_FAILED: '#e8590c',
};

/** Color of a system event type. */
export function eventColor(type: string): string {
  return EVENT_COLORS[type] ?? '#495057';
}

/** The event types present, most frequent first (then by name), with their counts. */
export function eventTypeCounts(events: readonly SystemEvent[]): { type: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
  return [...counts]
    .map(([type, count]) => ({ type, count }))
    .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
}

/** The events whose type is not in `hidden`. */
export function shownEvents(
  events: readonly SystemEvent[],
  hidden: ReadonlySet<string>,
): SystemEvent[] {
  return hidden.size === 0 ? [...events] : events.filter((e) => !hidden.has(e.type));
}

/** What hovering an event shows: time, type, scope (the workbook's `source` field) and detail. */
export function eventLines(e: SystemEvent): { label: string; value: string }[] {
  const lines = [
    { label: 'time', value: `${formatUtcDate(e.time)} ${formatUtcClock(e.time, true)} UTC` },
    { label: 'type', value: e.type || '(none)' },
  ];
  if (e.source !== null) lines.push({ label: 'scope', value: e.source || '(none)' });
  lines.push({ label: 'detail', value: e.detail || '(none)' });
  return lines;
}

/** The same as one line of text (an SVG `<title>`, an accessible name). */
export function eventTitle(e: SystemEvent): string {
  return eventLines(e)
    .map((l) => `${l.label}: ${l.value}`)
    .join('\n');
}
