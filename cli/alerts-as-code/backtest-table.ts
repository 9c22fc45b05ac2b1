import type { BacktestReport, RuleReport, TimePoint } from './backtest-report.ts';
import { accountingText, MALFORMED_SHOWN } from './input-accounting.ts';

/** `2026-01-05 13:31` (UTC); with `sameDayAs`, only `13:31` when on the same day. */
function clock(t: TimePoint, sameDayAs?: TimePoint): string {
  const text = `${t.iso.slice(0, 10)} ${t.iso.slice(11, 16)}`;
  return sameDayAs && sameDayAs.iso.slice(0, 10) === t.iso.slice(0, 10) ? text.slice(11) : text;
}

/** A duration for people: `45s`, `19m`, `2h05m`, `1d3h`; signed with `signed`. */
export function humanDuration(ms: number, signed = false): string {
  const sign = ms < 0 ? '−' : signed ? '+' : '';
  const s = Math.round(Math.abs(ms) / 1000);
  let body: string;
  if (s < 60) body = `${s}s`;
  else if (s < 3600)
    body = `${Math.floor(s / 60)}m${s % 60 ? `${String(s % 60).padStart(2, '0')}s` : ''}`;
  else if (s < 86_400) {
    const m = Math.floor((s % 3600) / 60);
    body = `${Math.floor(s / 3600)}h${m ? String(m).padStart(2, '0') + 'm' : ''}`;
  } else {
    const h = Math.floor((s % 86_400) / 3600);
    body = `${Math.floor(s / 86_400)}d${h ? `${h}h` : ''}`;
  }
  return sign + body;
}

const percent = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);

/** The scores of one rule as table cells. */
function cells(r: RuleReport): string[] {
  const s = r.score;
  if (r.error !== null) return [r.id, r.kind, 'error', '', '', '', '', '', '', '', '', ''];
  if (!r.scored) {
    const none = ['—', '—', 'not scored', '—', '—', '—'];
    return [
      r.id,
      r.kind,
      String(r.series),
      String(s.alerts),
      ...none,
      s.alertsPerDay.toFixed(1),
      String(s.flapping),
    ];
  }
  return [
    r.id,
    r.kind,
    String(r.series),
    String(s.alerts),
    String(s.trueAlerts),
    String(s.falseAlerts),
    s.recall === null ? '—' : `${s.detected}/${s.incidents} ${percent(s.recall)}`,
    percent(s.precision),
    s.meanTimeToDetectMs === null ? '—' : humanDuration(s.meanTimeToDetectMs, true),
    earlyText(s.earlyDetection?.standard.normalized),
    s.alertsPerDay.toFixed(1),
    String(s.flapping),
  ];
}

/** A normalised early-detection score (0 = no alerts, 100 = perfect), one decimal. */
export function earlyText(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : v.toFixed(1);
}

const HEAD = [
  'RULE',
  'KIND',
  'SERIES',
  'ALERTS',
  'TRUE',
  'FALSE',
  'RECALL',
  'PRECISION',
  'MTTD',
  'EARLY',
  'ALERTS/DAY',
  'FLAPPING',
];
/** Columns aligned left (the rest right). */
const LEFT = new Set([0, 1]);

function table(rows: string[][]): string[] {
  const widths = HEAD.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (LEFT.has(c) ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
}

/**
 * The backtest for people: what was replayed, every line of the recording accounted for (the
 * first malformed lines with their numbers and reasons), one line of scores per rule, then each
 * rule's firing intervals in UTC with the incidents they detected, missed incidents and errors.
 */
export function backtestTable(report: BacktestReport): string {
  const { span } = report;
  const out: string[] = [
    `Backtest of ${report.recording} with workbook ${report.workbook}`,
    `Replayed ${clock(span.start)} → ${clock(span.end, span.start)} UTC (${humanDuration(span.end.ms - span.start.ms)}); ` +
      `${report.incidents.length} incident${report.incidents.length === 1 ? '' : 's'}` +
      (report.labels === null ? ' (no labels file)' : ` from ${report.labels}`) +
      `; an alert detects an incident when it starts from ${humanDuration(report.tolerance.beforeMs)} before it to ${humanDuration(report.tolerance.afterMs)} after its end` +
      (report.rules.some((r) => ownTolerance(report, r))
        ? ' (a rule with its own tolerance says so below)'
        : ''),
    ...accountingText(
      report,
      MALFORMED_SHOWN,
      report.malformed.length < report.malformedLines
        ? ` (--json lists the first ${report.malformed.length})`
        : ' (--json lists them all)',
    ),
    '',
    ...table([HEAD, ...report.rules.map(cells)]),
    '',
    'Firing intervals (UTC):',
  ];
  for (const r of report.rules) {
    const own = ownTolerance(report, r)
      ? `; detects from ${humanDuration(r.tolerance.beforeMs)} before an incident to ${humanDuration(r.tolerance.afterMs)} after its end`
      : '';
    out.push(`${r.id} — ${r.title} (${r.condition}${own})`);
    if (r.error !== null) out.push(`  error: ${r.error}`);
    else if (r.intervals.length === 0) out.push('  never fired');
    const width = Math.max(0, ...r.intervals.map((i) => i.series.length));
    for (const i of r.intervals) {
      const until = i.end === null ? 'still firing' : clock(i.end, i.start);
      const length = i.durationMs === null ? '' : ` (${humanDuration(i.durationMs)})`;
      const verdict = !r.scored
        ? 'not scored'
        : i.incidents.length > 0
          ? `detects ${i.incidents.join(', ')}`
          : 'false alert';
      out.push(`  ${i.series.padEnd(width)}  ${clock(i.start)} → ${until}${length}  ${verdict}`);
    }
    const missed = r.score.perIncident.filter((d) => !d.detected).map((d) => d.incidentId);
    if (missed.length > 0) out.push(`  missed: ${missed.join(', ')}`);
  }
  if (report.unavailable.length > 0) {
    out.push('', 'Not computed for this recording:');
    for (const u of report.unavailable) out.push(`  ${u.id}: ${u.reason}`);
  }
  return `${out.join('\n')}\n`;
}

/** Whether rule `r` is scored with tolerances other than the workbook's. */
function ownTolerance(report: BacktestReport, r: RuleReport): boolean {
  return (
    r.tolerance.beforeMs !== report.tolerance.beforeMs ||
    r.tolerance.afterMs !== report.tolerance.afterMs
  );
}
