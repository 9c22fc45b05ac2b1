import type { SweepGoal } from '../../engine/index.ts';
import { DEFAULT_SWEEP_GOAL } from '../../engine/index.ts';
import type { LabSweepRequest } from './alert-lab.ts';

/**
 * What the alert lab shows beside the workbook, kept while other views are open: the rule
 * picked, the sweep asked and its goal. One per open source (a new source starts afresh).
 */
export class LabState {
  /** the rule picked; null = the workbook's first threshold rule */
  ruleId = $state<string | null>(null);
  goal = $state<SweepGoal>({ ...DEFAULT_SWEEP_GOAL });
  withFors = $state(false);
  /** what the last sweep was asked: sets, rule, thresholds; scored against `goal` as it changes */
  request = $state.raw<LabSweepRequest | null>(null);
  /** the rule the sweep was run for */
  sweptFor = $state<string | null>(null);
  saved = $state<'saved' | 'rejected' | null>(null);

  /** Picks rule `id`, dropping a sweep made for another. */
  pick(id: string): void {
    this.ruleId = id;
    if (this.sweptFor !== id) {
      this.request = null;
      this.sweptFor = null;
    }
    this.saved = null;
  }
}
