import path from 'node:path';
import type { MarginSide } from '../../engine/index.ts';
import { earlyText, humanDuration } from '../alerts-as-code/backtest-table.ts';
import {
  scoreSummary,
  type RowReport,
  type ScoreSummary,
  type SweepReport,
} from './sweep-report.ts';
import { forText, goalText } from './sweep-options.ts';

/** A threshold for people: at most 4 significant digits, no trailing zeros. */
export function num(v: number): string {
  return String(rounded(v));
}

function rounded(v: number): number {
  return v === 0 || !Number.isFinite(v) ? v : Number(v.toPrecision(4));
}

const percent = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
const recallText = (s: ScoreSummary) =>
  s.recall === null ? '— (no incidents)' : `${s.detected}/${s.incidents} ${percent(s.recall)}`;
const mttd = (s: ScoreSummary) =>
  s.meanTimeToDetectMs === null ? '—' : humanDuration(s.meanTimeToDetectMs, true);

/** Neighbouring rows (one `for`, thresholds ascending) whose scores are all equal, merged. */
function runs(rows: readonly RowReport[]): RowReport[][] {
  const out: RowReport[][] = [];
  for (const r of rows) {
    const last = out[out.length - 1];
    const prev = last?.[last.length - 1];
    if (prev && prev.forMs === r.forMs && JSON.stringify(prev.score) === JSON.stringify(r.score)) {
      last!.push(r);
    } else out.push([r]);
  }
  return out;
}

const HEAD = [
  '',
  'THRESHOLD',
  'FOR',
  'RECALL',
  'PRECISION',
  'ALERTS',
  'FALSE',
  'FALSE/WK',
  'MTTD',
  'EARLY',
];

function table(rows: string[][]): string[] {
  const widths = HEAD.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (c <= 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
}

function marginSide(side: MarginSide, sign: '−' | '+'): string {
  const where =
    side.changesAt === null
      ? 'no change up to the end of the sweep'
      : `changes at ${num(side.changesAt)}: recall ${percent(side.recallThere)}, ${side.falseAlertsThere} false alert${side.falseAlertsThere === 1 ? '' : 's'}`;
  return `${sign}${num(side.distance)} (to ${num(side.value)}; ${where})`;
}

function scoreLine(s: ScoreSummary): string {
  return `recall ${recallText(s)}, precision ${percent(s.precision)}, ${s.falseAlerts} false alert${s.falseAlerts === 1 ? '' : 's'} (${s.falseAlertsPerWeek.toFixed(1)}/week), MTTD ${mttd(s)}, early detection ${earlyText(s.earlyDetection?.standard)}`;
}

/**
 * The sweep for people: the rule, goal and recordings; the training scores with neighbouring
 * equal rows merged (`*` safe, `>` the recommendation's run); the recommendation with its safe
 * range and margin, the edge pick beside it, and the held-out scores.
 */
export function sweepTable(report: SweepReport): string {
  const rule = report.rule;
  const name = (file: string) => path.basename(file);
  const describe = (role: 'train' | 'holdout') =>
    report.recordings
      .filter((r) => r.role === role)
      .map(
        (r) =>
          `${name(r.recording)} (${humanDuration(r.span.end.ms - r.span.start.ms)}, ` +
          (r.swept
            ? `${r.incidents.length} incident${r.incidents.length === 1 ? '' : 's'} in scope)`
            : 'not swept: see below)'),
      )
      .join(', ') || 'none';
  const out = [
    `Sweep of ${rule.id} — ${rule.title} (${rule.condition}) with workbook ${report.workbook}`,
    `Goal: ${goalText(report.goal)}`,
    `Train: ${describe('train')}`,
    `Held out: ${describe('holdout')}`,
    '',
    `Scores on the training recordings, pooled (${report.values.length} values × for ${report.forValues.map(forText).join(', ')}; equal neighbouring rows merged; * safe, > recommended):`,
  ];
  const rec = report.recommendation;
  const cells = runs(report.rows).map((run) => {
    const first = run[0]!;
    const last = run[run.length - 1]!;
    const s = first.score;
    const mark =
      rec && run.some((r) => r.threshold === rec.threshold && r.forMs === rec.forMs)
        ? '>'
        : first.safe
          ? '*'
          : '';
    return [
      mark,
      run.length === 1 ? num(first.threshold) : `${num(first.threshold)} … ${num(last.threshold)}`,
      forText(first.forMs),
      recallText(s),
      percent(s.precision),
      String(s.alerts),
      String(s.falseAlerts),
      s.falseAlertsPerWeek.toFixed(1),
      mttd(s),
      earlyText(s.earlyDetection?.standard),
    ];
  });
  out.push(...table([HEAD, ...cells]).map((line) => `  ${line}`), '');
  if (!rec) {
    out.push(`No swept value meets the goal (${goalText(report.goal)}).`);
  } else {
    const r = rec.safeRange;
    const condition = `${rule.metric} ${rule.op} ${num(rec.threshold)} for ${forText(rec.forMs)}`;
    out.push(
      `Recommended: ${condition}${rec.threshold === rounded(rec.threshold) ? '' : ` (exactly ${rec.threshold})`}`,
      `  the middle of the widest safe range ${num(r.from)} … ${num(r.to)} at for ${forText(r.forMs)} (${r.values} value${r.values === 1 ? '' : 's'})`,
      `  train: ${scoreLine(rec.score)}`,
      `  margin below: ${marginSide(rec.margin.below, '−')}`,
      `  margin above: ${marginSide(rec.margin.above, '+')}`,
    );
    if (!rec.score.recall) {
      out.push(
        `  warning: it detects no incident of the training recordings — no swept value that does stays within the goal's limits (${goalText(report.goal)})`,
      );
    }
    const edge = report.edge;
    if (edge && (edge.threshold !== rec.threshold || edge.forMs !== rec.forMs)) {
      out.push(
        `  (the edge pick, highest ${report.goal.maximize} then earliest detection, would be ${num(edge.threshold)} for ${forText(edge.forMs)})`,
      );
    }
    const held = report.heldOut;
    if (held) {
      out.push(
        '',
        `Held out at ${rule.op} ${num(held.threshold)} for ${forText(held.forMs)}: ${held.withinGoal ? 'meets' : 'does NOT meet'} the goal's limits`,
      );
      const width = Math.max(6, ...held.perRecording.map((p) => name(p.recording).length));
      for (const p of held.perRecording) {
        const missed = p.score.perIncident.filter((d) => !d.detected).map((d) => d.incidentId);
        out.push(
          `  ${name(p.recording).padEnd(width)}  ${scoreLine(scoreSummary(p.score))}${missed.length > 0 ? `; missed ${missed.join(', ')}` : ''}`,
        );
      }
      if (held.perRecording.length > 1)
        out.push(`  ${'pooled'.padEnd(width)}  ${scoreLine(held.score)}`);
    } else if (report.recordings.every((r) => r.role === 'train')) {
      out.push(
        '',
        'No held-out recording (--holdout): the threshold is untested outside its training data.',
      );
    }
  }
  if (report.incomplete.length > 0) {
    out.push(
      '',
      'Incomplete (a recording whose rule or metric is listed is left out of the sweep):',
    );
    for (const i of report.incomplete)
      out.push(`  ${name(i.recording)}: ${i.kind} ${i.id}: ${i.reason}`);
  }
  return `${out.join('\n')}\n`;
}
