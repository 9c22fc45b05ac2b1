import type {
  BurnRateAlertDef,
  BurnRateAlertResult,
  BurnRatePair,
  RollingSli,
  Series,
  SliDef,
  Workbook,
} from '../../engine/index.ts';
import {
  MINUTE_MS,
  STANDARD_BURN_RATE_PAIRS,
  evaluateBurnRateAlerts,
  minuteGrid,
  rollingSli,
} from '../../engine/index.ts';

/**
 * The burn-rate pairs shown for an SLI: those of the workbook's burn-rate rules on it (first
 * rule's pairs first, a pair name once), else the four standard pairs.
 */
export function sliPairs(wb: Pick<Workbook, 'alerts'>, sliId: string): BurnRatePair[] {
  const rules = wb.alerts.filter(
    (a): a is BurnRateAlertDef => a.kind === 'burn_rate' && a.sli === sliId,
  );
  const seen = new Map<string, BurnRatePair>();
  for (const rule of rules) for (const p of rule.pairs) if (!seen.has(p.name)) seen.set(p.name, p);
  return seen.size > 0 ? [...seen.values()] : [...STANDARD_BURN_RATE_PAIRS];
}

/** What the SLI view draws for one SLI up to the replay time. */
export interface SliPicture {
  rolling: RollingSli;
  burn: BurnRateAlertResult;
}

/**
 * Rolling SLI over the SLI's period and the burn-rate pairs, from its minute series (the
 * frame's: the minutes the SLI counts, see `SliFrame.minutes`) up to the replay time `until`.
 * The grid starts at the first counted minute, not at the source's start: a grid point before
 * it would be a minute without data, which `no_data: bad` would count as a bad minute that
 * never happened.
 */
export function sliPicture(
  def: SliDef,
  minutes: Series,
  pairs: readonly BurnRatePair[],
  span: { until: number },
): SliPicture {
  const grid = minuteGrid(minutes, { until: span.until });
  const options = { objective: def.objective, noData: def.noData };
  return {
    rolling: rollingSli(grid, { ...options, windowMinutes: Math.round(def.periodMs / MINUTE_MS) }),
    burn: evaluateBurnRateAlerts(grid, { ...options, pairs }),
  };
}
