import path from 'node:path';
import type { Engine } from '../../engine/node.ts';
import type { ProgressFn, SourceSummary, WorkbookSummary } from '../../engine/index.ts';
import { createNodeEngine } from '../../engine/node.ts';
import {
  countRecordingLines,
  inputAccounting,
  noRecordsMessage,
  type InputAccounting,
} from './input-accounting.ts';
import { parseReplayTime, type ReplayInputs } from './replay-inputs.ts';

/** The engine under Node with a recording and a workbook loaded, at one replay time. */
export interface HeadlessReplay {
  engine: Engine;
  source: SourceSummary;
  /** every line of the recording accounted for: records, malformed lines, blank lines */
  accounting: InputAccounting;
  /** the active workbook compiled for the source: its rules, unavailable metrics, incidents */
  workbook: WorkbookSummary;
  /** the workbook's name as given (file name, or the bundled default's) */
  workbookName: string;
  /** the replay time everything is evaluated at: `--at`, else the recording's last record */
  time: number;
  close(): void;
}

/** A workbook the engine refused, as one error listing every issue with its file and line. */
function workbookError(file: string, summary: WorkbookSummary): Error {
  const lines = summary.issues.map(
    (i) => `  ${file}${i.line === null ? '' : `:${i.line}`}: ${i.path}: ${i.message}`,
  );
  const n = summary.issues.length;
  return new Error(`workbook ${file} has ${n} problem${n === 1 ? '' : 's'}:\n${lines.join('\n')}`);
}

/**
 * Progress of long loads on stderr: redrawn in place on a terminal, else one line per phase
 * and quarter, so logs stay short.
 */
export function stderrProgress(stream: NodeJS.WriteStream = process.stderr): ProgressFn {
  const tty = stream.isTTY === true;
  let shown = '';
  return ({ phase, done, total }) => {
    const pct = total > 0 ? Math.floor((done * 100) / total) : 100;
    const key = `${phase} ${tty ? pct : Math.floor(pct / 25) * 25}`;
    if (key === shown) return;
    shown = key;
    const line = `${phase}: ${pct}%`;
    stream.write(tty ? `\r${line.padEnd(30)}${pct === 100 ? '\n' : ''}` : `${line}\n`);
  };
}

/**
 * Runs the engine headless: loads the workbook (a refused one throws with its issues), then the
 * recording with its labels, counts its lines (see `InputAccounting`) and resolves the replay
 * time. A recording without records throws with its accounting. The caller closes it.
 */
export async function openHeadlessReplay(
  inputs: ReplayInputs,
  options: { at?: string; onProgress?: ProgressFn } = {},
): Promise<HeadlessReplay> {
  const engine = await createNodeEngine();
  try {
    const workbookName =
      inputs.workbookPath === null ? 'kitchen.yaml' : path.basename(inputs.workbookPath);
    if (inputs.workbook !== null) {
      const checked = await engine.loadWorkbook(inputs.workbook, workbookName);
      if (!checked.accepted) throw workbookError(inputs.workbookPath!, checked);
    }
    // Counted alongside the load: gunzip runs on Node's thread pool while the engine ingests.
    const [source, counted] = await Promise.all([
      engine.loadRecording(
        inputs.recording,
        path.basename(inputs.recordingPath),
        inputs.labels,
        options.onProgress,
      ),
      countRecordingLines(inputs.recording),
    ]);
    const accounting = inputAccounting(source, counted);
    if (source.records === 0) throw new Error(noRecordsMessage(inputs.recordingPath, accounting));
    // Loading the active workbook again answers what it computes for this source.
    const workbook = await engine.loadWorkbook(await engine.getWorkbook(), workbookName);
    const time = options.at === undefined ? source.end : parseReplayTime(options.at, source.start);
    if (!(time > source.start)) {
      throw new Error(
        `invalid --at ${options.at}: must be after the recording's first record (${new Date(source.start).toISOString()})`,
      );
    }
    return {
      engine,
      source,
      accounting,
      workbook,
      workbookName,
      time,
      close: () => engine.close(),
    };
  } catch (err) {
    engine.close();
    throw err;
  }
}
