import { expect, type Locator } from '@playwright/test';

/** A firing interval as the app exposes it in `data-firing` (ms since epoch; null end = still firing). */
export interface FiringIntervalView {
  series: string;
  start: number;
  end: number | null;
}

/** One metric's panel: its chart, alert rule editor and firing intervals. */
export class ChartPanel {
  constructor(readonly root: Locator) {}

  /** Types a new threshold into the rule editor and waits until the panel has re-evaluated. */
  async setThreshold(value: number): Promise<void> {
    await this.root.getByTestId('threshold').fill(String(value));
    await expect(this.root).toHaveAttribute('data-threshold', String(value));
  }

  /** Sets the rule's `for` in minutes and waits until the panel has re-evaluated. */
  async setForMinutes(minutes: number): Promise<void> {
    await this.root.getByTestId('for-minutes').fill(String(minutes));
    await expect(this.root).toHaveAttribute('data-for-ms', String(minutes * 60_000));
  }

  /** The rule's current threshold. */
  async threshold(): Promise<number> {
    return Number(await this.root.getAttribute('data-threshold'));
  }

  /** The firing intervals the panel shows, as of the current frame. */
  async firingIntervals(): Promise<FiringIntervalView[]> {
    const json = await this.root.getAttribute('data-firing');
    if (json === null) throw new Error('chart panel has no data-firing attribute');
    return JSON.parse(json) as FiringIntervalView[];
  }
}
