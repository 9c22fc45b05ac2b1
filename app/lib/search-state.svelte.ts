import type { ParamSetting, RuleSearch, SweepGoal } from '../../engine/index.ts';
import { DEFAULT_SWEEP_GOAL } from '../../engine/index.ts';
import { specsFor, type SearchBasis } from './param-search.ts';

/** A search's outcome as the panel shows it. */
export type SearchResult = RuleSearch & { trainSets: number; testSets: number };

/**
 * The lab's parameter search as asked and found, kept while other views are open: the rule
 * picked, the parameters typed, plan, budget, seed and goal, and the last result with what it
 * was made on (`basis`), so a later workbook change can tell it no longer holds. One per open
 * source.
 */
export class SearchState {
  /** the rule picked; null = the workbook's first rule */
  ruleId = $state<string | null>(null);
  specs = $state('');
  /** the rule `specs` were filled in for, and the default they were filled with */
  specsFor = $state<string | null>(null);
  specsDefault = $state<string | null>(null);
  plan = $state<'grid' | 'random'>('grid');
  budget = $state(50);
  seed = $state(1);
  goal = $state<SweepGoal>({ ...DEFAULT_SWEEP_GOAL });
  result = $state.raw<SearchResult | null>(null);
  /** what the result was made on: the rule, its metric or SLI, the labels */
  basis = $state.raw<SearchBasis | null>(null);
  problems = $state.raw<string[]>([]);
  saved = $state<string | null>(null);
  /** the candidate drawn on the chart: the recommendation, or a row clicked */
  shown = $state.raw<ParamSetting | null>(null);

  /** Picks rule `id` (its parameters are typed anew); a result for another rule is dropped. */
  pick(id: string): void {
    this.ruleId = id;
    if (this.basis?.rule.id !== id) this.drop();
  }

  /** Fills in the parameters for `ruleId` as `specsFor` says (typed ones stay). */
  fillSpecs(ruleId: string, defaults: string): void {
    const next = specsFor(this, ruleId, defaults, this.result !== null);
    if (!next) return;
    this.specs = next.specs;
    this.specsFor = next.specsFor;
    this.specsDefault = next.specsDefault;
  }

  /** Keeps `result`, made on `basis`. */
  found(result: SearchResult | null, basis: SearchBasis | null, problems: string[]): void {
    this.result = result;
    this.basis = result ? basis : null;
    this.problems = problems;
    this.saved = null;
    this.shown = null;
  }

  drop(): void {
    this.result = null;
    this.basis = null;
    this.saved = null;
    this.shown = null;
  }
}
