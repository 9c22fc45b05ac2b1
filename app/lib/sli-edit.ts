import type { BurnRateAlertDef, SliDef, Workbook } from '../../engine/index.ts';
import { MINUTE_MS } from '../../engine/index.ts';
import { formatDuration, parseDuration } from '../../formats/index.ts';
import {
  setBurnRatePairs,
  setSli,
  type BurnRatePairDraft,
  type SliChange,
} from './workbook-edit.ts';

/**
 * The SLI view's editor: an SLI's objective and period and the window pairs of the burn-rate
 * rules on it, as typed (text), checked field by field, and the workbook edit they make.
 */

/** One pair as typed. */
export interface PairForm {
  name: string;
  long: string;
  short: string;
  factor: string;
  severity: 'page' | 'ticket';
}

/** An SLI's editor as typed. */
export interface SliForm {
  sli: string;
  /** a percentage: `99.9` */
  objective: string;
  /** a duration: `30d` */
  period: string;
  /** the burn-rate rules on the SLI, in the workbook's order */
  rules: { id: string; title: string; pairs: PairForm[] }[];
}

/** The form of SLI `sliId` as the workbook has it (null when it has no such SLI). */
export function sliForm(wb: Pick<Workbook, 'slis' | 'alerts'>, sliId: string): SliForm | null {
  const def = wb.slis.find((s) => s.id === sliId);
  if (!def) return null;
  return {
    sli: sliId,
    objective: String(Number((def.objective * 100).toPrecision(12))),
    period: formatDuration(def.periodMs),
    rules: burnRules(wb, sliId).map((r) => ({
      id: r.id,
      title: r.title,
      pairs: r.pairs.map((p) => ({
        name: p.name,
        long: formatDuration(p.longMinutes * MINUTE_MS),
        short: formatDuration(p.shortMinutes * MINUTE_MS),
        factor: String(p.factor),
        severity: p.severity,
      })),
    })),
  };
}

/** The burn-rate rules on SLI `sliId`. */
export function burnRules(wb: Pick<Workbook, 'alerts'>, sliId: string): BurnRateAlertDef[] {
  return wb.alerts.filter((a): a is BurnRateAlertDef => a.kind === 'burn_rate' && a.sli === sliId);
}

/** What a form asks for, once every field reads. */
export interface SliEdit {
  sli: string;
  change: SliChange;
  rules: { id: string; pairs: BurnRatePairDraft[] }[];
}

/** A form checked: the edit, or the problems keyed by field (`objective`, `rules.0.pairs.1.long`). */
export interface SliFormCheck {
  edit: SliEdit | null;
  errors: Record<string, string>;
  /** allowed, but likely not meant (a factor the burn rate can never reach) */
  warnings: string[];
}

/** Checks `form` as the workbook schema would, naming the field and the reason. */
export function checkSliForm(form: SliForm): SliFormCheck {
  const errors: Record<string, string> = {};
  const warnings: string[] = [];
  const pct = Number(form.objective.trim().replace(/%$/, ''));
  let objective: number | null = null;
  if (form.objective.trim() === '' || !Number.isFinite(pct)) {
    errors.objective = `objective "${form.objective}": expected a percentage such as 99.9`;
  } else if (!(pct > 0 && pct < 100)) {
    errors.objective = `objective ${pct}%: must be strictly between 0% and 100%`;
  } else {
    objective = Number((pct / 100).toPrecision(12));
  }
  const periodMs = minutes(form.period, 'period', errors, 'period');
  const rules = form.rules.map((rule, r) => {
    const seen = new Set<string>();
    const pairs = rule.pairs.map((p, i): BurnRatePairDraft | null => {
      const at = `rules.${r}.pairs.${i}`;
      const longMs = minutes(p.long, `pair ${i + 1} long window`, errors, `${at}.long`);
      const shortMs = minutes(p.short, `pair ${i + 1} short window`, errors, `${at}.short`);
      if (longMs !== null && shortMs !== null && shortMs >= longMs) {
        errors[`${at}.short`] =
          `pair ${i + 1}: the short window (${p.short.trim()}) must be shorter than the long one (${p.long.trim()})`;
      }
      const factor = Number(p.factor.trim());
      if (p.factor.trim() === '' || !Number.isFinite(factor) || factor < 0) {
        errors[`${at}.factor`] = `pair ${i + 1} factor "${p.factor}": expected a number ≥ 0`;
      } else if (objective !== null && factor >= 1 / (1 - objective)) {
        warnings.push(
          `${rule.id}, pair ${p.name || i + 1}: at objective ${pct}% the burn rate is at most ${Number((1 / (1 - objective)).toPrecision(4))} (every minute bad), so a factor of ${factor} never fires`,
        );
      }
      const name =
        p.name.trim() ||
        (longMs !== null && shortMs !== null ? pairName(longMs, shortMs) : `pair ${i + 1}`);
      if (seen.has(name)) errors[`${at}.name`] = `pair ${i + 1}: the name "${name}" is used twice`;
      seen.add(name);
      if (longMs === null || shortMs === null || errors[`${at}.factor`]) return null;
      return { name, longMs, shortMs, factor, severity: p.severity };
    });
    if (rule.pairs.length === 0) errors[`rules.${r}`] = `${rule.id}: needs at least one pair`;
    return { id: rule.id, pairs };
  });
  if (Object.keys(errors).length > 0 || objective === null || periodMs === null) {
    return { edit: null, errors, warnings };
  }
  return {
    edit: {
      sli: form.sli,
      change: { objective, periodMs },
      rules: rules.map((r) => ({ id: r.id, pairs: r.pairs as BurnRatePairDraft[] })),
    },
    errors,
    warnings,
  };
}

/** A pair's name from its windows: `1h/5m`. */
export function pairName(longMs: number, shortMs: number): string {
  return `${formatDuration(longMs)}/${formatDuration(shortMs)}`;
}

/**
 * `pair` with a window set to `text`; a name that was its windows' (`1h/5m`, or the schema's
 * `60m/5m`) follows the new windows.
 */
export function withWindow(pair: PairForm, which: 'long' | 'short', text: string): PairForm {
  const next = { ...pair, [which]: text };
  const ms = (t: string) => {
    try {
      return parseDuration(t.trim());
    } catch {
      return null;
    }
  };
  const [l0, s0, l1, s1] = [ms(pair.long), ms(pair.short), ms(next.long), ms(next.short)];
  const derived =
    l0 !== null &&
    s0 !== null &&
    (pair.name === pairName(l0, s0) ||
      pair.name === `${l0 / MINUTE_MS}m/${s0 / MINUTE_MS}m` ||
      pair.name.trim() === '');
  if (derived && l1 !== null && s1 !== null) next.name = pairName(l1, s1);
  return next;
}

/** `text` (a workbook's YAML) with `edit` made: the SLI's fields, then each rule's pairs. */
export function applySliEdit(text: string, edit: SliEdit): string {
  let out = setSli(text, edit.sli, edit.change);
  for (const rule of edit.rules) out = setBurnRatePairs(out, rule.id, rule.pairs);
  return out;
}

/**
 * Whether the app can count SLI `draft` from the minutes the engine counted for `applied`: the
 * same minutes are bad (topic and expressions); objective, period and `no_data` only change
 * how they are counted.
 */
export function sameMinutes(draft: SliDef, applied: SliDef): boolean {
  return (
    draft.topic === applied.topic &&
    draft.kind === applied.kind &&
    draft.bad === applied.bad &&
    draft.good === applied.good &&
    draft.total === applied.total
  );
}

function minutes(
  text: string,
  what: string,
  errors: Record<string, string>,
  key: string,
): number | null {
  let ms: number;
  try {
    ms = parseDuration(text.trim());
  } catch (error) {
    errors[key] = `${what} "${text}": ${(error as Error).message}`;
    return null;
  }
  if (ms <= 0 || ms % MINUTE_MS !== 0) {
    errors[key] = `${what} "${text}": must be a whole number of minutes, longer than 0`;
    return null;
  }
  return ms;
}
