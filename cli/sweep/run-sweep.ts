import path from 'node:path';
import {
  sweepRange,
  trainTestSweep,
  type ProgressFn,
  type SweepGoal,
  type SweepSet,
} from '../../engine/index.ts';
import { EXIT, replayOutcome } from '../alerts-as-code/replay-outcome.ts';
import { sweepReport, type SweepReport } from './sweep-report.ts';
import {
  checkFilesExist,
  loadSweepSource,
  type SeriesSpanOption,
  type SweepRole,
  type SweepSource,
  type SweepWorkbook,
} from './sweep-sources.ts';

/** What loading a sweep's recordings needs (`runSweep` and `runSearch` share it). */
export interface SweepSourcesOptions {
  recordings: string[];
  holdouts: string[];
  workbook?: string;
  rule: string;
  /** the span of a series file (by its path as given), when not the one its samples give */
  seriesSpans?: ReadonlyMap<string, SeriesSpanOption>;
  /** called before each recording is loaded */
  onRecording?: (recording: string, role: SweepRole, index: number, count: number) => void;
  onProgress?: ProgressFn;
}

/**
 * Loads every recording (training ones, then held-out ones) one at a time, keeping only the
 * rule's metric series (`loadSweepSource`), the workbook as the first loaded it, and the
 * training and held-out sets. Throws, naming the option and file, on bad input, and when no
 * training recording can be swept.
 */
export async function loadSweepSources(
  options: SweepSourcesOptions,
  params: boolean,
): Promise<{ sources: SweepSource[]; known: SweepWorkbook; train: SweepSet[]; test: SweepSet[] }> {
  if (options.recordings.length === 0)
    throw new Error('no --recording given: at least one recording to choose the threshold on');
  const all = [
    ...options.recordings.map((file) => ({ file, role: 'train' as const })),
    ...options.holdouts.map((file) => ({ file, role: 'holdout' as const })),
  ];
  const twice = all.find((a, i) => all.findIndex((b) => samePath(a.file, b.file)) !== i);
  if (twice) {
    throw new Error(
      `recording ${twice.file} is given twice: a held-out recording must not be one the threshold is chosen on`,
    );
  }
  await checkFilesExist([
    ...all.map((a) => ({ option: a.role === 'train' ? '--recording' : '--holdout', file: a.file })),
    ...(options.workbook === undefined ? [] : [{ option: '--workbook', file: options.workbook }]),
  ]);

  const sources: SweepSource[] = [];
  let known: SweepWorkbook | undefined;
  for (const [i, { file, role }] of all.entries()) {
    options.onRecording?.(file, role, i, all.length);
    const loaded = await loadSweepSource(file, role, {
      ruleId: options.rule,
      params,
      ...(options.workbook === undefined ? {} : { workbook: options.workbook }),
      ...(known ? { known } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.seriesSpans?.has(file) ? { span: options.seriesSpans.get(file)! } : {}),
    });
    known = loaded.workbook;
    sources.push(loaded.source);
  }
  const sets = (role: SweepRole): SweepSet[] =>
    sources.filter((s) => s.role === role && s.set !== null).map((s) => s.set!);
  const train = sets('train');
  if (train.length === 0) {
    const why = sources
      .filter((s) => s.role === 'train')
      .flatMap((s) => s.incomplete.map((i) => `${s.recording}: ${i.kind} ${i.id}: ${i.reason}`));
    throw new Error(
      `rule ${known!.rule.id} cannot be swept on any --recording:\n  ${why.join('\n  ')}`,
    );
  }
  return { sources, known: known!, train, test: sets('holdout') };
}

/** What `tapedeck sweep` is asked. */
export interface SweepOptions extends SweepSourcesOptions {
  /** thresholds to try; default `DEFAULT_SWEEP_STEPS` values over the training series' range */
  values?: number[];
  /** `for` values to try; default the rule's own */
  forValues?: number[];
  goal: SweepGoal;
}

/**
 * Loads every recording (`loadSweepSources`), sweeps the training sets pooled, recommends the
 * middle of the widest safe range and scores it on the held-out sets (`trainTestSweep`). A
 * recording on which the rule cannot be evaluated is left out and reported in `incomplete`;
 * the sources come back too, for `sweepOutcome`.
 */
export async function runSweep(
  options: SweepOptions,
): Promise<{ report: SweepReport; sources: SweepSource[] }> {
  const { sources, known, train, test } = await loadSweepSources(options, false);
  const { rule, name } = known;
  if (rule.kind !== 'threshold') throw new Error(`rule ${rule.id} is not a threshold rule`);
  const values =
    options.values ?? sweepRange(train.flatMap((set) => set.series.map((s) => s.values)));
  if (values.length === 0) {
    throw new Error(
      `metric ${rule.metric} has no finite value on the --recording files to sweep between: give --values`,
    );
  }
  const forValues = options.forValues ?? [rule.forMs];
  const result = trainTestSweep({
    train,
    test,
    rule: {
      op: rule.op,
      threshold: rule.value,
      forMs: rule.forMs,
      keepFiringForMs: rule.keepFiringForMs,
    },
    thresholds: values,
    forValues,
    goal: options.goal,
  });
  const report = sweepReport({
    workbookName: name,
    rule,
    goal: options.goal,
    sources,
    values,
    forValues,
    result,
  });
  return { report, sources };
}

function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

/**
 * The exit code and messages of a sweep, as `backtest` has them (`EXIT`): each recording's
 * malformed lines against `--max-malformed` (4) and what it could not compute (3, unless
 * `--allow-incomplete`); the first of 4, 3 wins. Messages name the recording.
 */
export function sweepOutcome(
  sources: readonly Pick<SweepSource, 'recording' | 'accounting' | 'incomplete'>[],
  flags: { allowIncomplete?: boolean; maxMalformed?: number },
): { exitCode: number; messages: string[] } {
  const codes = new Set<number>();
  const messages: string[] = [];
  for (const s of sources) {
    const outcome = replayOutcome({
      accounting: s.accounting,
      incomplete: s.incomplete,
      allowIncomplete: flags.allowIncomplete === true,
      ...(flags.maxMalformed === undefined ? {} : { maxMalformed: flags.maxMalformed }),
    });
    codes.add(outcome.exitCode);
    for (const m of outcome.messages) messages.push(`${s.recording}: ${m}`);
  }
  const exitCode = [EXIT.tooManyMalformed, EXIT.incomplete, EXIT.failed].find((c) => codes.has(c));
  return { exitCode: exitCode ?? 0, messages };
}
