import { expect, type Locator, type Page } from '@playwright/test';
import type { FiringIntervalView } from './chart-panel.ts';
import type { IncidentView } from './app-page.ts';

/** The lab's scores as it exposes them in `data-scores`. */
export interface LabScores {
  recall: number | null;
  precision: number | null;
  alerts: number;
  trueAlerts: number;
  falseAlerts: number;
  meanTimeToDetectMs: number | null;
  alertsPerDay: number;
  alertsPerWeek: number;
  flapping: number;
  perIncident: { incidentId: string; detected: boolean; timeToDetectMs: number | null }[];
}

/**
 * The alert lab: a workbook threshold rule re-scored against the incident labels as it is
 * edited, and swept over a threshold range. Waits on its data-* attributes (`data-rule`,
 * `data-threshold`, `data-best-threshold`, `data-sweep-rows`, `data-scores`, `data-firing`).
 */
export class AlertLabPage {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('alert-lab');
  }

  /** Switches the main area to the alert lab. */
  async open(): Promise<void> {
    await this.page.locator('[data-testid="analysis-bar"] button[data-view="lab"]').click();
    await expect(this.root).toBeVisible();
  }

  /** Picks the workbook rule `id` (e.g. `rejection-ratio-high`). */
  async chooseRule(id: string): Promise<void> {
    await this.root.getByTestId('lab-rule').selectOption(id);
    await expect(this.root).toHaveAttribute('data-rule', id);
  }

  /** The line beside the rule picker: its metric, what it catches, its scope and tolerances. */
  async ruleAbout(): Promise<string> {
    return (await this.root.getByTestId('lab-rule-about').innerText()).replace(/\s+/g, ' ');
  }

  /** Runs the sweep and waits for its rows. */
  async runSweep(): Promise<void> {
    await this.root.getByTestId('run-sweep').click();
    await expect(this.root).not.toHaveAttribute('data-sweep-rows', '0');
  }

  /** The threshold the sweep recommends for the goal; null when none meets it. */
  async bestThreshold(): Promise<number | null> {
    const v = await this.root.getAttribute('data-best-threshold');
    return v === null ? null : Number(v);
  }

  /** Applies the recommended threshold and waits until the rule has it. */
  async applyBest(): Promise<number> {
    const best = await this.root.getAttribute('data-best-threshold');
    if (best === null) throw new Error('the sweep recommends no threshold');
    await this.root.getByTestId('apply-best').click();
    await expect(this.root).toHaveAttribute('data-threshold', best);
    return Number(best);
  }

  async threshold(): Promise<number> {
    return Number(await this.root.getAttribute('data-threshold'));
  }

  async scores(): Promise<LabScores> {
    return JSON.parse((await this.root.getAttribute('data-scores')) ?? 'null') as LabScores;
  }

  /** The rule's firing intervals at the current threshold. */
  async firing(): Promise<FiringIntervalView[]> {
    return JSON.parse(
      (await this.root.getAttribute('data-firing')) ?? '[]',
    ) as FiringIntervalView[];
  }

  /** The incident labels the rule is scored against. */
  async incidents(): Promise<IncidentView[]> {
    return JSON.parse((await this.root.getAttribute('data-incidents')) ?? '[]') as IncidentView[];
  }

  /** One of the lab's other sources, by name. */
  source(name: string): Locator {
    return this.root.locator(`[data-testid="lab-source"][data-name="${name}"]`);
  }

  /** Adds a kitchen scenario seed as another source (held out unless `role` says training). */
  async addSeed(
    seed: number,
    duration: string,
    role: 'holdout' | 'train' = 'holdout',
  ): Promise<void> {
    await this.root.getByLabel('Role of added sources').selectOption(role);
    await this.root.getByTestId('lab-source-seed').fill(String(seed));
    await this.root.getByTestId('lab-source-duration').fill(duration);
    await this.root.getByTestId('lab-add-seed').click();
  }

  /** The recommendation's scores on the held-out sources, as the lab shows them. */
  async heldOut(): Promise<{ withinGoal: boolean; pooled: HeldOutScore; sets: string[] }> {
    const panel = this.root.getByTestId('lab-held-out');
    await expect(panel).toBeVisible();
    return {
      withinGoal: (await panel.getAttribute('data-within-goal')) === 'true',
      pooled: JSON.parse((await panel.getAttribute('data-pooled')) ?? 'null') as HeldOutScore,
      sets: await panel
        .getByTestId('held-out-set')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name') ?? '')),
    };
  }
}

/** A pooled backtest score, as the held-out panel exposes it in `data-pooled`. */
export interface HeldOutScore {
  incidents: number;
  detected: number;
  recall: number | null;
  alerts: number;
  falseAlerts: number;
  falseAlertsPerDay: number;
}
