import { parseDuration } from '../../formats/index.ts';

/**
 * A position in a topic named by time: the oldest record, the end of the log when the command
 * starts, or an instant (ms since the epoch) resolved per partition by timestamp lookup.
 */
export type TimePoint = { kind: 'earliest' } | { kind: 'latest' } | { kind: 'time'; ms: number };

// Date.parse accepts much that is not ISO-8601 ("March 7"); only ISO shapes get that far.
const ISO =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const EXPECTED =
  'expected an ISO-8601 time such as 2026-01-01T12:00:00Z, earliest, latest, now, ' +
  'ms since the epoch, or a time ago such as -1h, -30m, -2d, -1h30m';

/**
 * Parses a `--from`/`--to` value: `earliest`, `latest`, `now`, an ISO-8601 time (without an offset
 * it is local time, as in JavaScript), whole ms since the epoch, or `-<duration>` before `now`
 * (the formats duration grammar, e.g. `-1h30m`, `-2d`; case-insensitive here). Throws
 * `invalid <option>: "<text>" (…)`.
 */
export function parseTimePoint(text: string, option: string, now: number): TimePoint {
  const t = text.trim();
  const lower = t.toLowerCase();
  if (lower === 'earliest') return { kind: 'earliest' };
  if (lower === 'latest') return { kind: 'latest' };
  if (lower === 'now') return { kind: 'time', ms: now };

  if (lower.startsWith('-')) {
    try {
      return { kind: 'time', ms: now - parseDuration(lower.slice(1), { allowZero: true }) };
    } catch (err) {
      throw new Error(`invalid ${option}: "${text}" (${(err as Error).message})`, { cause: err });
    }
  }
  if (/^\d{10,16}$/.test(t)) return { kind: 'time', ms: Number(t) };
  if (ISO.test(t)) {
    const ms = Date.parse(t.replace(' ', 'T'));
    if (Number.isFinite(ms) && isRealDate(t)) return { kind: 'time', ms };
    throw new Error(`invalid ${option}: "${text}" (not a real date or time)`);
  }
  throw new Error(`invalid ${option}: "${text}" (${EXPECTED})`);
}

/** Date.parse rolls 2026-02-30 over into March; a date that does not exist is a typo. */
function isRealDate(text: string): boolean {
  const [y, m, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Rejects a range whose `from` instant lies after its `to` instant, naming both; ranges from
 * `earliest` or to `latest` are always well ordered.
 */
export function checkTimeRange(
  from: TimePoint,
  to: TimePoint,
  fromText: string,
  toText: string,
): void {
  if (from.kind === 'latest' && to.kind === 'earliest') {
    throw new Error(`invalid --from/--to: --from latest is after --to earliest`);
  }
  if (from.kind === 'time' && to.kind === 'time' && from.ms > to.ms) {
    throw new Error(
      `invalid --from/--to: --from "${fromText}" (${new Date(from.ms).toISOString()}) is after ` +
        `--to "${toText}" (${new Date(to.ms).toISOString()})`,
    );
  }
}

/** A time point as a person would write it, for progress and summaries. */
export function describeTimePoint(point: TimePoint): string {
  return point.kind === 'time' ? new Date(point.ms).toISOString() : point.kind;
}
