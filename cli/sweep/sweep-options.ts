import { InvalidArgumentError } from 'commander';
import {
  DEFAULT_SWEEP_GOAL,
  evenlySpaced,
  parseParamRange,
  type ParamRange,
  type SweepGoal,
} from '../../engine/index.ts';
import { formatDuration, parseDuration } from '../../formats/index.ts';
import { parseInstant } from '../alerts-as-code/series-backtest-command.ts';
import type { SeriesSpanOption } from './sweep-sources.ts';

/** Most values `--values from:to:steps` may ask for: a sweep is quick, but not unbounded. */
export const MAX_SWEEP_VALUES = 10_000;

/** `--goal`'s text for a goal: `parseGoal(goalFlag(g))` equals `g`. */
export function goalFlag(goal: SweepGoal): string {
  const limits = [
    goal.maxFalseAlertsPerWeek === undefined
      ? null
      : `max-false-per-week=${goal.maxFalseAlertsPerWeek}`,
    goal.minRecall === undefined ? null : `min-recall=${goal.minRecall}`,
    goal.minPrecision === undefined ? null : `min-precision=${goal.minPrecision}`,
  ];
  return [goal.maximize, ...limits.filter((l) => l !== null)].join(',');
}

/** The goal when `--goal` is not given: the engine's default, as the alert lab's. */
export const DEFAULT_GOAL_TEXT = goalFlag(DEFAULT_SWEEP_GOAL);

const VALUES_EXPECTED =
  'expected from:to:steps (e.g. 0:0.5:51, steps ≥ 2) or a comma list of numbers (e.g. 0.05,0.1,0.2)';

/**
 * `--values`: `from:to:steps` (`steps` evenly spaced values, both ends included) or a comma
 * list of numbers; ascending, duplicates dropped. Throws commander's `InvalidArgumentError`.
 */
export function parseSweepValues(text: string): number[] {
  const number = (part: string): number => {
    const v = Number(part);
    if (part.trim() === '' || !Number.isFinite(v)) {
      throw new InvalidArgumentError(`"${part}" is not a number; ${VALUES_EXPECTED}`);
    }
    return v;
  };
  const range = text.split(':');
  if (range.length === 3) {
    const [from, to, steps] = range.map(number) as [number, number, number];
    if (!(Number.isInteger(steps) && steps >= 2 && steps <= MAX_SWEEP_VALUES)) {
      throw new InvalidArgumentError(
        `steps ${steps}: expected a whole number from 2 to ${MAX_SWEEP_VALUES}`,
      );
    }
    if (to < from) throw new InvalidArgumentError(`to ${to} is below from ${from}`);
    return evenlySpaced(from, to, steps);
  }
  if (range.length !== 1) throw new InvalidArgumentError(VALUES_EXPECTED);
  const values = [...new Set(text.split(',').map(number))].sort((a, b) => a - b);
  if (values.length > MAX_SWEEP_VALUES) {
    throw new InvalidArgumentError(`${values.length} values: at most ${MAX_SWEEP_VALUES}`);
  }
  return values;
}

/** `--for`: a comma list of durations (`0`, `1m`, `3m`, `90s`), ascending, duplicates dropped. */
export function parseForValues(text: string): number[] {
  const values = text.split(',').map((part) => {
    try {
      return parseDuration(part, { allowZero: true });
    } catch (err) {
      throw new InvalidArgumentError(`${(err as Error).message} (a comma list such as 0,1m,3m)`);
    }
  });
  return [...new Set(values)].sort((a, b) => a - b);
}

const GOAL_EXPECTED =
  'expected recall or precision, then optional limits: max-false-per-week=N, min-recall=X, min-precision=X (e.g. recall,max-false-per-week=1)';

/**
 * `--goal`: what to maximize (`recall` or `precision`), then optional comma-separated limits
 * `max-false-per-week=N`, `min-recall=X`, `min-precision=X` (recall and precision as shares
 * 0–1). Throws commander's `InvalidArgumentError` naming the bad part.
 */
export function parseGoal(text: string): SweepGoal {
  const [first, ...limits] = text.split(',').map((p) => p.trim());
  if (first !== 'recall' && first !== 'precision') {
    throw new InvalidArgumentError(`"${first}": ${GOAL_EXPECTED}`);
  }
  const goal: SweepGoal = { maximize: first };
  const keys = {
    'max-false-per-week': 'maxFalseAlertsPerWeek',
    'min-recall': 'minRecall',
    'min-precision': 'minPrecision',
  } as const;
  for (const limit of limits) {
    const [key, value, ...rest] = limit.split('=');
    const field = keys[key as keyof typeof keys];
    const v = Number(value);
    if (field === undefined || rest.length > 0 || value === undefined || value.trim() === '') {
      throw new InvalidArgumentError(`"${limit}": ${GOAL_EXPECTED}`);
    }
    if (!Number.isFinite(v) || v < 0) {
      throw new InvalidArgumentError(`"${limit}": ${key} must be a number ≥ 0`);
    }
    goal[field] = v;
  }
  return goal;
}

/** The goal in words: `highest recall with ≤ 1 false alerts/week`. */
export function goalText(goal: SweepGoal): string {
  const limits: string[] = [];
  if (goal.maxFalseAlertsPerWeek !== undefined) {
    limits.push(`≤ ${goal.maxFalseAlertsPerWeek} false alerts/week`);
  }
  if (goal.minRecall !== undefined) limits.push(`recall ≥ ${goal.minRecall}`);
  if (goal.minPrecision !== undefined) limits.push(`precision ≥ ${goal.minPrecision}`);
  return `highest ${goal.maximize}${limits.length > 0 ? ` with ${limits.join(', ')}` : ''}`;
}

/** A `for` value as the workbook writes it: `0s`, `3m`. */
export function forText(forMs: number): string {
  return formatDuration(forMs);
}

/**
 * `--param NAME=FROM:TO:STEP` or `NAME=v1,v2,…` (`parseParamRange`, shared with the alert lab).
 * Throws commander's `InvalidArgumentError` naming the bad part.
 */
export function parseParamSpec(text: string): ParamRange {
  try {
    return parseParamRange(text);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

/**
 * The span of each series file from `--start` and `--at`, each given once for every series file
 * or once per series file in the order of `files` (the `--series` files, then the
 * `--holdout-series` ones). `--start` is an ISO time with a zone or ms since epoch; `--at` the
 * same, or an offset from the file's start (`+2h`). Throws naming the option and the reason.
 */
export function seriesSpanOptions(
  files: readonly string[],
  starts: readonly string[] = [],
  ats: readonly string[] = [],
): Map<string, SeriesSpanOption> {
  const spans = new Map<string, SeriesSpanOption>();
  if (starts.length === 0 && ats.length === 0) return spans;
  if (files.length === 0) {
    throw new Error(
      `${starts.length > 0 ? '--start' : '--at'} applies to --series and --holdout-series files only (a recording's span is its records')`,
    );
  }
  const pick = (option: string, given: readonly string[], i: number): string | undefined => {
    if (given.length === 0) return undefined;
    if (given.length !== 1 && given.length !== files.length) {
      throw new Error(
        `invalid ${option}: given ${given.length} times for ${files.length} series files (give it once for all, or once per series file in the order --series, then --holdout-series)`,
      );
    }
    return given.length === 1 ? given[0] : given[i];
  };
  files.forEach((file, i) => {
    const start = pick('--start', starts, i);
    const at = pick('--at', ats, i);
    const span: SeriesSpanOption = {};
    if (start !== undefined) span.start = parseInstant(start, '--start');
    if (at !== undefined) {
      const offset = at.trim().startsWith('+');
      if (offset) {
        try {
          span.at = { afterStartMs: parseDuration(at.trim().slice(1)) };
        } catch (err) {
          throw new Error(`invalid --at ${at}: ${(err as Error).message}`);
        }
      } else span.at = parseInstant(at, '--at');
    }
    spans.set(file, span);
  });
  return spans;
}
