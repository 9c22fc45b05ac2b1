import type {
  EngineApi,
  Frame,
  MetricDef,
  ProgressFn,
  SourceSummary,
  SourceSweepSet,
  MetricAlertDef,
  Workbook,
} from '../../engine/index.ts';
import { sourceSweepSet, stringifyWorkbook } from '../../engine/index.ts';
import type { KitchenParams } from '../../scenarios/index.ts';

/** Whether one of the lab's other sources helps choose the threshold or only tests it. */
export type LabSourceRole = 'train' | 'holdout';

/** A source the lab sweeps beside the replayed one: a kitchen scenario seed, or a recording. */
export type LabSourceSpec =
  | { kind: 'scenario'; name: string; params: Partial<KitchenParams> }
  | { kind: 'recording'; name: string; file: Uint8Array | Blob; labels: string | null };

/** What the lab keeps of another source: its summary, every metric's series and SLI's minutes at its end. */
export interface LabSourceData {
  summary: SourceSummary;
  metrics: Frame['metrics'];
  slis: NonNullable<Frame['slis']>;
  /** the replayed span `[start, end)`: first record to last, as `tapedeck sweep` takes it */
  span: { start: number; end: number };
}

/** The engine calls loading another source needs (a second engine: the replayed one stays). */
export type LabSourceEngine = Pick<
  EngineApi,
  'loadWorkbook' | 'loadScenario' | 'loadRecording' | 'frame'
>;

/**
 * The workbook other sources are computed under: the active one's metrics and SLIs, without
 * its incident labels (they label the replayed source; a seed of the same day must not take
 * them) or its alerts (which compute nothing). So an upload that changes the metrics computes
 * the other sources again, and saving a tuned rule or labels does not.
 */
export function labSourceWorkbook(wb: Workbook): { text: string; name: string } {
  return { text: stringifyWorkbook({ ...wb, incidents: [], alerts: [] }), name: wb.name };
}

/**
 * Loads `spec` into `engine` under the active workbook (`workbook`, as text) and takes the frame
 * at its last record: each metric's series as known at its own times, to the end, as
 * `tapedeck sweep` takes a recording's. A recording's bytes are copied first (the engine may
 * take them) and a file is streamed again, so the source can be loaded again under another
 * workbook. Throws, naming the
 * source, when the workbook is refused or the source holds no record.
 */
export async function loadLabSource(
  engine: LabSourceEngine,
  spec: LabSourceSpec,
  workbook: { text: string; name: string },
  onProgress?: ProgressFn,
): Promise<LabSourceData> {
  const checked = await engine.loadWorkbook(workbook.text, workbook.name);
  if (!checked.accepted) {
    const first = checked.issues[0];
    throw new Error(
      `${spec.name}: workbook ${workbook.name} was refused${first ? ` (${first.path}: ${first.message})` : ''}`,
    );
  }
  const summary =
    spec.kind === 'scenario'
      ? await engine.loadScenario(spec.params, onProgress)
      : await engine.loadRecording(
          spec.file instanceof Uint8Array ? spec.file.slice() : spec.file,
          spec.name,
          spec.labels ?? undefined,
          onProgress,
        );
  if (summary.records === 0) {
    throw new Error(
      `${spec.name}: no records (${summary.malformedLineCount} malformed lines) to sweep on`,
    );
  }
  const frame = await engine.frame(summary.end);
  return {
    summary,
    metrics: frame.metrics,
    slis: frame.slis ?? [],
    span: { start: summary.start, end: summary.end },
  };
}

/**
 * The sweep set of a workbook threshold rule on another source (`sourceSweepSet`, as
 * `tapedeck sweep` takes it): the rule's metric series there, its incidents in scope, grid and
 * scoring options; or why the rule cannot be swept there.
 */
export function labSourceSet(
  name: string,
  data: LabSourceData,
  workbook: Pick<Workbook, 'metrics' | 'backtest'>,
  rule: MetricAlertDef,
  metric: MetricDef,
): SourceSweepSet {
  return sourceSweepSet({
    name,
    workbook,
    rule,
    metric,
    series: data.metrics.find((m) => m.id === rule.metric)?.series,
    incidents: data.summary.incidents,
    span: data.span,
  });
}
