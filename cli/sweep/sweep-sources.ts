import { stat } from 'node:fs/promises';
import path from 'node:path';
import {
  sourceSweepSet,
  type MetricDef,
  type ProgressFn,
  type SweepSet,
  type MetricAlertDef,
  type Workbook,
} from '../../engine/index.ts';
import { openHeadlessReplay } from '../alerts-as-code/headless-replay.ts';
import type { InputAccounting } from '../alerts-as-code/input-accounting.ts';
import { incompleteItems, type IncompleteItem } from '../alerts-as-code/replay-outcome.ts';
import { readReplayInputs } from '../alerts-as-code/replay-inputs.ts';
import { NO_RECORDING, readSeriesSource } from '../alerts-as-code/series-backtest.ts';

/** Whether a sweep source is a series file (`.csv`, `.parquet`) rather than a recording. */
export function isSeriesFile(file: string): boolean {
  return /\.(csv|parquet)$/.test(file);
}

/** Whether a recording chooses the threshold (`train`) or only tests it (`holdout`). */
export type SweepRole = 'train' | 'holdout';

/** One recording of a sweep, loaded: its sweep set, or why the rule cannot be swept on it. */
export interface SweepSource {
  role: SweepRole;
  recording: string;
  labels: string | null;
  /** the replayed span `[start, end)`: first record to last */
  span: { start: number; end: number };
  accounting: InputAccounting;
  /** the rule's metric series, incidents in scope and options; null when `incomplete` says why not */
  set: SweepSet | null;
  /** what this recording could not compute for the rule (its metric, the rule, lines unaccounted for) */
  incomplete: IncompleteItem[];
}

/** A workbook as the first recording loaded it, with the rule to sweep. */
export interface SweepWorkbook {
  workbook: Workbook;
  /** the file name, or `kitchen.yaml (bundled)` */
  name: string;
  rule: MetricAlertDef;
  metric: MetricDef;
}

/**
 * Fails at once, naming the option and file, when a recording or the workbook cannot be read,
 * so a typo in the last `--holdout` is not found after minutes of loading the others.
 */
export async function checkFilesExist(
  files: readonly { option: string; file: string }[],
): Promise<void> {
  for (const { option, file } of files) {
    let ok = false;
    try {
      ok = (await stat(file)).isFile();
    } catch {
      ok = false;
    }
    if (!ok) throw new Error(`cannot read ${option} ${file}: no such file`);
  }
}

/**
 * The rule `ruleId` of `wb` and its metric: a threshold rule, or with `params` (a `--param`
 * search) a threshold or anomaly rule. Throws naming the rule and the workbook.
 */
export function sweepRule(
  wb: Workbook,
  workbookName: string,
  ruleId: string,
  params = false,
): { rule: MetricAlertDef; metric: MetricDef } {
  const rule = wb.alerts.find((a) => a.id === ruleId);
  const kinds = params ? ['threshold', 'anomaly'] : ['threshold'];
  if (!rule) {
    const ids = wb.alerts.filter((a) => kinds.includes(a.kind)).map((a) => a.id);
    throw new Error(
      `invalid --rule ${ruleId}: workbook ${workbookName} has no such rule (${params ? 'threshold and anomaly' : 'threshold'} rules: ${ids.join(', ') || 'none'})`,
    );
  }
  if (rule.kind === 'burn_rate') {
    throw new Error(
      `invalid --rule ${ruleId}: its kind is burn_rate; burn-rate rules are evaluated on SLI minutes and cannot be swept yet`,
    );
  }
  if (rule.kind === 'anomaly' && !params) {
    throw new Error(
      `invalid --rule ${ruleId}: its kind is anomaly; sweep its parameters with --param (e.g. --param k=2:5:0.5 --param window=30m,1h,2h)`,
    );
  }
  const metric = wb.metrics.find((m) => m.id === rule.metric);
  if (!metric)
    throw new Error(`invalid --rule ${ruleId}: its metric "${rule.metric}" is not defined`);
  return { rule, metric };
}

/**
 * Replays one recording headless (with its `<name>.labels.json` beside it, as `backtest` does)
 * to its last record, and takes the rule's metric series from the frame there: the series the
 * alert lab sweeps. `known` is the workbook as the first recording loaded it (the rule is the
 * same in every recording); without it the rule is checked here. The engine is closed before
 * this returns: only the series are kept.
 */
export async function loadSweepSource(
  recording: string,
  role: SweepRole,
  options: {
    workbook?: string;
    ruleId: string;
    known?: SweepWorkbook;
    onProgress?: ProgressFn;
    /** a `--param` search: anomaly rules too */
    params?: boolean;
  },
): Promise<{ source: SweepSource; workbook: SweepWorkbook }> {
  if (isSeriesFile(recording)) return loadSeriesSweepSource(recording, role, options);
  const inputs = await readReplayInputs({
    recording,
    ...(options.workbook === undefined ? {} : { workbook: options.workbook }),
  });
  const replay = await openHeadlessReplay(inputs, {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  try {
    const wb = replay.workbook.workbook;
    const name = inputs.workbookPath ?? `${replay.workbookName} (bundled)`;
    const known = options.known ?? {
      workbook: wb,
      name,
      ...sweepRule(wb, name, options.ruleId, options.params),
    };
    const { rule, metric } = known;
    const span = { start: replay.source.start, end: replay.time };
    const frame = await replay.engine.frame(replay.time);
    const series = frame.metrics.find((m) => m.id === rule.metric)?.series;
    const swept = sourceSweepSet({
      name: path.basename(recording),
      workbook: wb,
      rule,
      metric,
      series,
      incidents: replay.workbook.incidents,
      span,
    });
    const unavailable = replay.workbook.unavailable.filter((u) => u.id === rule.metric);
    if (!series && unavailable.length === 0) {
      unavailable.push({ id: rule.metric, reason: 'not computed for this recording' });
    }
    const incomplete = incompleteItems({
      workbook: wb,
      unavailable,
      // A missing metric is reported as unavailable above, not as the rule's error.
      rules: [{ id: rule.id, error: series ? swept.error : null }],
      accounting: replay.accounting,
    });
    const set = swept.set;
    return {
      source: {
        role,
        recording,
        labels: inputs.labelsPath,
        span,
        accounting: replay.accounting,
        set,
        incomplete,
      },
      workbook: known,
    };
  } finally {
    replay.close();
  }
}

/**
 * A series file as a sweep source: the rule's metric series read from it (`readSeriesSource`,
 * labels from `<name>.labels.json` beside it) instead of a replay; its span is the file's.
 */
async function loadSeriesSweepSource(
  file: string,
  role: SweepRole,
  options: { workbook?: string; ruleId: string; known?: SweepWorkbook; params?: boolean },
): Promise<{ source: SweepSource; workbook: SweepWorkbook }> {
  const read = await readSeriesSource({
    series: file,
    ...(options.workbook === undefined ? {} : { workbook: options.workbook }),
  });
  const wb = read.workbook;
  const known = options.known ?? {
    workbook: wb,
    name: read.workbookName,
    ...sweepRule(wb, read.workbookName, options.ruleId, options.params),
  };
  const { rule, metric } = known;
  const series = read.inputs.metrics.find((m) => m.id === rule.metric)?.series;
  const swept = sourceSweepSet({
    name: path.basename(file),
    workbook: wb,
    rule,
    metric,
    series,
    incidents: read.incidents,
    span: read.span,
  });
  const unavailable = read.unavailable.filter((u) => u.id === rule.metric);
  const incomplete = incompleteItems({
    workbook: wb,
    unavailable,
    rules: [{ id: rule.id, error: series ? swept.error : null }],
    accounting: NO_RECORDING,
  });
  return {
    source: {
      role,
      recording: file,
      labels: read.labelsPath,
      span: read.span,
      accounting: NO_RECORDING,
      set: swept.set,
      incomplete,
    },
    workbook: known,
  };
}
