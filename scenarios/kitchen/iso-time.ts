const MINUTE = 60_000;
const prefixes = new Map<number, string>();

/**
 * `new Date(t).toISOString()` for whole-ms times, with the `YYYY-MM-DDTHH:MM:` part cached per
 * minute: formatting timestamps is a large share of generation time otherwise.
 */
export function isoTime(t: number): string {
  const minute = Math.floor(t / MINUTE);
  let prefix = prefixes.get(minute);
  if (prefix === undefined) {
    if (prefixes.size >= 50_000) prefixes.clear();
    prefix = new Date(minute * MINUTE).toISOString().slice(0, 17);
    prefixes.set(minute, prefix);
  }
  const inMinute = t - minute * MINUTE;
  const s = Math.floor(inMinute / 1000);
  const ms = inMinute - s * 1000;
  return `${prefix}${s < 10 ? '0' : ''}${s}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}
