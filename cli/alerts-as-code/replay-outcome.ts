import { InvalidArgumentError, type Command } from 'commander';
import type { Workbook } from '../../engine/index.ts';
import { malformedLineList, unaccountedLines, type InputAccounting } from './input-accounting.ts';

/**
 * Exit codes of `tapedeck backtest` and `tapedeck export` (README: "Exit codes"). When several
 * apply, the first of `tooManyMalformed`, `incomplete`, `failed` wins; every message is printed.
 */
export const EXIT = {
  /** bad input or option (commander's usage errors too), or recall below `--min-recall` */
  failed: 1,
  /** a rule, metric or SLI of the workbook could not be computed (unless `--allow-incomplete`) */
  incomplete: 3,
  /** more malformed lines than `--max-malformed` */
  tooManyMalformed: 4,
} as const;

/** Something the workbook asks for that this replay could not compute, and why. */
export interface IncompleteItem {
  /** `input`: lines of the recording that are neither records, malformed nor blank */
  kind: 'rule' | 'metric' | 'sli' | 'input';
  id: string;
  reason: string;
}

/**
 * What the replay could not compute: each rule with an error (over its `max_series`, its metric
 * or SLI not computed…), each metric and SLI the source cannot compute (`only`: just these ids),
 * and lines unaccounted for (see `InputAccounting`).
 */
export function incompleteItems(input: {
  workbook: Workbook;
  unavailable: readonly { id: string; reason: string }[];
  /** each rule's `error` (as `AlertRuleResult` has it): null when it was evaluated */
  rules?: readonly { id: string; error: string | null }[];
  accounting: InputAccounting;
  only?: readonly string[];
}): IncompleteItem[] {
  const slis = new Set(input.workbook.slis.map((s) => s.id));
  const items: IncompleteItem[] = [];
  const missing = unaccountedLines(input.accounting);
  if (missing !== 0) {
    items.push({
      kind: 'input',
      id: 'lines',
      reason: `${missing} of ${input.accounting.lines} lines read are neither records, malformed nor blank`,
    });
  }
  for (const u of input.unavailable) {
    if (input.only && !input.only.includes(u.id)) continue;
    items.push({ kind: slis.has(u.id) ? 'sli' : 'metric', id: u.id, reason: u.reason });
  }
  for (const r of input.rules ?? []) {
    if (r.error !== null) items.push({ kind: 'rule', id: r.id, reason: r.error });
  }
  return items;
}

/** What `backtest` or `export` checks after its work, from its flags. */
export interface OutcomeInput {
  accounting: InputAccounting;
  incomplete: readonly IncompleteItem[];
  /** `--allow-incomplete`: incomplete results are printed but exit 0 */
  allowIncomplete?: boolean;
  /** `--max-malformed` */
  maxMalformed?: number;
  /** the `--min-recall` failure (backtest), or null */
  recallFailure?: string | null;
}

/** The messages to print on stderr and the exit code (see `EXIT`). */
export function replayOutcome(o: OutcomeInput): { exitCode: number; messages: string[] } {
  const messages: string[] = [];
  const codes: number[] = [];
  const malformed = o.accounting.malformedLines;
  if (o.maxMalformed !== undefined && malformed > o.maxMalformed) {
    codes.push(EXIT.tooManyMalformed);
    messages.push(
      [
        `${malformed} malformed lines, more than --max-malformed ${o.maxMalformed}:`,
        ...malformedLineList(o.accounting, 5),
      ].join('\n'),
    );
  }
  if (o.incomplete.length > 0) {
    if (o.allowIncomplete !== true) codes.push(EXIT.incomplete);
    const why =
      o.allowIncomplete === true
        ? 'allowed by --allow-incomplete'
        : `exit ${EXIT.incomplete}; --allow-incomplete accepts them`;
    messages.push(
      [
        `incomplete results (${why}):`,
        ...o.incomplete.map((i) => `  ${i.kind} ${i.id}: ${i.reason}`),
      ].join('\n'),
    );
  }
  if (o.recallFailure) {
    codes.push(EXIT.failed);
    messages.push(o.recallFailure);
  }
  return { exitCode: codes[0] ?? 0, messages };
}

/** Prints the outcome's messages on stderr and sets the process's exit code. */
export function applyOutcome(outcome: { exitCode: number; messages: string[] }): void {
  for (const m of outcome.messages) process.stderr.write(`tapedeck: ${m}\n`);
  if (outcome.exitCode !== 0) process.exitCode = outcome.exitCode;
}

/** `--allow-incomplete` and `--max-malformed <n>`, shared by `backtest` and every `export`. */
export function addOutcomeOptions(command: Command): Command {
  return command
    .option(
      '--allow-incomplete',
      `exit 0 even when a rule, metric or SLI could not be computed (else exit ${EXIT.incomplete}); the problems are still printed`,
    )
    .option(
      '--max-malformed <n>',
      `exit ${EXIT.tooManyMalformed} when the recording has more than n malformed lines (default: no limit)`,
      parseMaxMalformed,
    );
}

function parseMaxMalformed(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError('expected an integer ≥ 0');
  }
  return n;
}
