import { parseDuration } from '../../formats/index.ts';
import {
  DURATION_PARAMS,
  RULE_PARAM_NAMES,
  isRuleParamName,
  type ParamRange,
  type RuleParamName,
} from './rule-search.ts';

/** Most values one parameter may take: a search is quick, but not unbounded. */
export const MAX_PARAM_VALUES = 10_000;

const PARAM_EXPECTED =
  'expected NAME=FROM:TO:STEP (k=2:5:0.5, window=30m:2h:30m) or NAME=v1,v2,… (for=0,5m,10m)';

/**
 * `--param NAME=FROM:TO:STEP` (from, from + step, … up to to) or `NAME=v1,v2,…`: one rule
 * parameter's values, ascending, duplicates dropped; durations (`for`, `window`, …) as `10m`,
 * stored in ms. Throws commander's `Error` naming the bad part.
 */
export function parseParamRange(text: string): ParamRange {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new Error(`"${text}": ${PARAM_EXPECTED}`);
  const name = text.slice(0, eq).trim() as RuleParamName;
  if (!isRuleParamName(name)) {
    throw new Error(
      `unknown parameter "${name}" (one of ${RULE_PARAM_NAMES.join(', ')}, or factor.<pair> of a burn-rate rule)`,
    );
  }
  const duration = DURATION_PARAMS.has(name);
  const value = (part: string): number => {
    if (duration) {
      try {
        return parseDuration(part.trim(), { allowZero: true });
      } catch (err) {
        throw new Error(`${name}: ${(err as Error).message}`);
      }
    }
    const v = Number(part);
    if (part.trim() === '' || !Number.isFinite(v)) {
      throw new Error(`${name}: "${part}" is not a number; ${PARAM_EXPECTED}`);
    }
    return v;
  };
  const spec = text.slice(eq + 1);
  const range = spec.split(':');
  let values: number[];
  if (range.length === 3) {
    const [from, to, step] = range.map(value) as [number, number, number];
    if (!(step > 0)) throw new Error(`${name}: step must be above 0`);
    if (to < from) throw new Error(`${name}: to is below from`);
    const count = Math.floor((to - from) / step + 1e-9) + 1;
    if (count > MAX_PARAM_VALUES) {
      throw new Error(`${name}: ${count} values, at most ${MAX_PARAM_VALUES}`);
    }
    // from + i·step, rounded to the step's decimals so 0.1 steps stay 0.3, not 0.30000000000000004
    const decimals = Math.min(12, (String(step).split('.')[1] ?? '').length);
    values = Array.from({ length: count }, (_, i) => Number((from + i * step).toFixed(decimals)));
  } else if (range.length === 1) {
    values = spec.split(',').map(value);
  } else {
    throw new Error(`"${text}": ${PARAM_EXPECTED}`);
  }
  return { name, values: [...new Set(values)].sort((a, b) => a - b) };
}
