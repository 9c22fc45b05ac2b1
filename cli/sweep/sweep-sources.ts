import { stat } from 'node:fs/promises';
import path from 'node:path';
import {
  sourceSweepSet,
  type MetricDef,
  type ProgressFn,
  type SweepSet,
  type AlertRuleDef,
  type Series,
  type SliDef,
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

/** A series file's span as given (`--start`, `--at`): a time, or `--at` as an offset from the start. */
export interface SeriesSpanOption {
  start?: number;
  at?: number | { afterStartMs: number };
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
  rule: AlertRuleDef;
  /** the rule's metric; null for a burn-rate rule */
  metric: MetricDef | null;
  /** a burn-rate rule's SLI (its minutes are the rule's one series); null otherwise */
  sli: SliDef | null;
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
): { rule: AlertRuleDef; metric: MetricDef | null; sli: SliDef | null } {
  const rule = wb.alerts.find((a) => a.id === ruleId);
  const kinds = params ? ['threshold', 'anomaly', 'burn_rate'] : ['threshold'];
  if (!rule) {
    const ids = wb.alerts.filter((a) => kinds.includes(a.kind)).map((a) => a.id);
    throw new Error(
      `invalid --rule ${ruleId}: workbook ${workbookName} has no such rule (${params ? 'threshold, anomaly and burn-rate' : 'threshold'} rules: ${ids.join(', ') || 'none'})`,
    );
  }
  if (rule.kind === 'burn_rate') {
    if (!params) {
      throw new Error(
        `invalid --rule ${ruleId}: its kind is burn_rate; search its pairs' factors with --param (e.g. --param factor.1h/5m=6:20:2)`,
      );
    }
    const sli = wb.slis.find((s) => s.id === rule.sli);
    if (!sli) throw new Error(`invalid --rule ${ruleId}: its SLI "${rule.sli}" is not defined`);
    return { rule, metric: null, sli };
  }
  if (rule.kind === 'anomaly' && !params) {
    throw new Error(
      `invalid --rule ${ruleId}: its kind is anomaly; sweep its parameters with --param (e.g. --param k=2:5:0.5 --param window=30m,1h,2h)`,
    );
  }
  const metric = wb.metrics.find((m) => m.id === rule.metric);
  if (!metric)
    throw new Error(`invalid --rule ${ruleId}: its metric "${rule.metric}" is not defined`);
  return { rule, metric, sli: null };
}

/** The series a rule runs on in a frame: its metric's, or its SLI's minutes as one series. */
function ruleInput(
  rule: AlertRuleDef,
  frame: {
    metrics: readonly { id: string; series: readonly Series[] }[];
    slis?: readonly { id: string; minutes: Series }[];
  },
): readonly Series[] | undefined {
  if (rule.kind === 'burn_rate') {
    const minutes = frame.slis?.find((s) => s.id === rule.sli)?.minutes;
    return minutes ? [minutes] : undefined;
  }
  return frame.metrics.find((m) => m.id === rule.metric)?.series;
}

/** The id a rule's input is reported under when it is not computed: its metric's or SLI's. */
function inputId(rule: AlertRuleDef): string {
  return rule.kind === 'burn_rate' ? rule.sli : rule.metric;
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
    /** a series file's span, when not the one its samples give (`--start`, `--at`) */
    span?: SeriesSpanOption;
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
    const { rule, metric, sli } = known;
    const span = { start: replay.source.start, end: replay.time };
    const frame = await replay.engine.frame(replay.time);
    const series = ruleInput(rule, frame);
    const swept = sourceSweepSet({
      name: path.basename(recording),
      workbook: wb,
      rule,
      metric,
      sli,
      series,
      incidents: replay.workbook.incidents,
      span,
    });
    const unavailable = replay.workbook.unavailable.filter((u) => u.id === inputId(rule));
    if (!series && unavailable.length === 0) {
      unavailable.push({ id: inputId(rule), reason: 'not computed for this recording' });
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
  options: {
    workbook?: string;
    ruleId: string;
    known?: SweepWorkbook;
    params?: boolean;
    span?: SeriesSpanOption;
  },
): Promise<{ source: SweepSource; workbook: SweepWorkbook }> {
  const read = await readSeriesSource({
    series: file,
    ...(options.workbook === undefined ? {} : { workbook: options.workbook }),
    ...(options.span?.start === undefined ? {} : { start: options.span.start }),
    ...(options.span?.at === undefined ? {} : { at: options.span.at }),
  });
  const wb = read.workbook;
  const known = options.known ?? {
    workbook: wb,
    name: read.workbookName,
    ...sweepRule(wb, read.workbookName, options.ruleId, options.params),
  };
  const { rule, metric, sli } = known;
  const series = ruleInput(rule, read.inputs);
  const swept = sourceSweepSet({
    name: path.basename(file),
    workbook: wb,
    rule,
    metric,
    sli,
    series,
    incidents: read.incidents,
    span: read.span,
  });
  const unavailable = read.unavailable.filter((u) => u.id === inputId(rule));
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
