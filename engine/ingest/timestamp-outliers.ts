/** Timestamps from here on are after the year 2200: outliers (ms since epoch). */
export const LATEST_TIMESTAMP = Date.UTC(2200, 0, 1);

const DAY_MS = 86_400_000;
/** UTC days from 1970-01-01 to 2199-12-31. */
const DAYS = LATEST_TIMESTAMP / DAY_MS;

/**
 * A run of days away from the bulk joins it when it holds at least this share of the records
 * (and more than one record): it is data, not a stray timestamp.
 */
export const BULK_SHARE = 0.01;

/** Why a timestamp is an outlier. */
export type OutlierKind = 'before-1970' | 'after-2200' | 'far-from-bulk';

/** The outliers among a source's timestamps, and the span of the bulk they are outside of. */
export interface TimestampOutliers {
  /** indices of the outlying timestamps, ascending */
  indices: Int32Array;
  /** `kinds[k]`: why `indices[k]` is an outlier (an index into `OUTLIER_KINDS`) */
  kinds: Uint8Array;
  /** the bulk: from the start of its first UTC day to the end of its last (NaN without one) */
  bulkStart: number;
  bulkEnd: number;
}

/** What the codes of `TimestampOutliers.kinds` mean. */
export const OUTLIER_KINDS: readonly OutlierKind[] = ['before-1970', 'after-2200', 'far-from-bulk'];

/**
 * Finds the timestamps far outside the bulk of a source's records, so that a stray record (a
 * clock at 0 or −1, a corrupted year 3000) cannot stretch the time range that replay, the
 * timeline and every metric grid are sized from. The rule, on every timestamp that is not NaN
 * and not `skip`ped:
 * - before 1970-01-01 or from 2200-01-01 on: an outlier;
 * - the rest fall into runs of consecutive UTC days with records, a run ending at a day without
 *   any (records in different runs are more than a day apart). The bulk spans the run holding
 *   the median timestamp and every run holding at least `BULK_SHARE` of these records (and more
 *   than one); a timestamp outside the bulk's span is an outlier.
 * Runs in O(records + days in 1970–2200), without sorting.
 */
export function timestampOutliers(timestamps: Float64Array, skip?: Uint8Array): TimestampOutliers {
  const n = timestamps.length;
  const perDay = new Int32Array(DAYS);
  let counted = 0;
  let outside = 0;
  for (let i = 0; i < n; i++) {
    const ts = timestamps[i]!;
    if (Number.isNaN(ts) || skip?.[i]) continue;
    if (ts < 0 || ts >= LATEST_TIMESTAMP) outside++;
    else {
      perDay[Math.floor(ts / DAY_MS)]!++;
      counted++;
    }
  }
  const bulk = counted > 0 ? bulkDays(perDay, counted) : null;
  const first = bulk ? bulk.first * DAY_MS : NaN;
  const end = bulk ? (bulk.last + 1) * DAY_MS : NaN;

  let far = 0;
  if (bulk) {
    for (let d = 0; d < bulk.first; d++) far += perDay[d]!;
    for (let d = bulk.last + 1; d < DAYS; d++) far += perDay[d]!;
  }
  const indices = new Int32Array(outside + far);
  const kinds = new Uint8Array(outside + far);
  if (outside + far > 0) {
    let k = 0;
    for (let i = 0; i < n; i++) {
      const ts = timestamps[i]!;
      if (Number.isNaN(ts) || skip?.[i]) continue;
      let kind = -1;
      if (ts < 0) kind = 0;
      else if (ts >= LATEST_TIMESTAMP) kind = 1;
      else if (ts < first || ts >= end) kind = 2;
      if (kind < 0) continue;
      indices[k] = i;
      kinds[k++] = kind;
    }
  }
  return { indices, kinds, bulkStart: first, bulkEnd: end };
}

/** The first and last day of the bulk (see `timestampOutliers`) from records per day. */
function bulkDays(perDay: Int32Array, counted: number): { first: number; last: number } {
  const joins = Math.max(2, Math.ceil(counted * BULK_SHARE));
  // The lower median: the record at 0-based rank floor((counted - 1) / 2).
  const medianRank = Math.floor((counted - 1) / 2);
  let first = -1;
  let last = -1;
  let seen = 0;
  for (let d = 0; d < DAYS; d++) {
    if (perDay[d] === 0) continue;
    const runStart = d;
    let records = 0;
    for (; d < DAYS && perDay[d]! > 0; d++) records += perDay[d]!;
    const runEnd = d - 1;
    const holdsMedian = seen <= medianRank && medianRank < seen + records;
    seen += records;
    if (holdsMedian || records >= joins) {
      if (first < 0) first = runStart;
      last = runEnd;
    }
  }
  return { first, last };
}

/** A timestamp for people: ISO 8601 when it is a date JavaScript can show, else the number. */
export function describeTimestamp(ts: number): string {
  return Math.abs(ts) <= 8.64e15 ? `${ts} (${new Date(ts).toISOString()})` : String(ts);
}

/** Why a timestamp of kind `kind` is left out, for a fault's reason. */
export function outlierReason(ts: number, kind: OutlierKind, bulk: TimestampOutliers): string {
  const at = `ts ${describeTimestamp(ts)}`;
  switch (kind) {
    case 'before-1970':
      return `${at} is before 1970: an outlier, left out of the replay`;
    case 'after-2200':
      return `${at} is after 2200: an outlier, left out of the replay`;
    case 'far-from-bulk': {
      const day = (t: number) => new Date(t).toISOString().slice(0, 10);
      return `${at} is more than a day away from the bulk of the records (${day(bulk.bulkStart)} to ${day(bulk.bulkEnd - 1)} UTC): an outlier, left out of the replay`;
    }
  }
}
