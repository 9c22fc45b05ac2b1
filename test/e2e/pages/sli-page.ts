import { expect, type Locator, type Page } from '@playwright/test';

/** What one SLI card exposes in its data-* attributes. */
export interface SliNumbers {
  sli: number;
  badMinutes: number;
  dataMinutes: number;
  errorBudget: number;
  budgetLeft: number;
  objective: number;
  periodMs: number;
}

/** One burn-rate pair as typed in the SLI editor (empty fields are left as they are). */
export interface PairEdit {
  name?: string;
  long?: string;
  short?: string;
  factor?: string;
}

/**
 * The SLI view: a card per SLI with its numbers (`data-sli`, `data-bad-minutes`,
 * `data-data-minutes`, `data-error-budget`, `data-budget-left`, `data-objective`), and its
 * editor (objective, period, the burn-rate rules' pairs) saved into the workbook.
 */
export class SliPage {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('sli-view');
  }

  async open(): Promise<void> {
    await this.page.locator('[data-testid="analysis-bar"] button[data-view="slis"]').click();
    await expect(this.root).toBeVisible();
  }

  card(id: string): Locator {
    return this.root.locator(`[data-sli-id="${id}"]`);
  }

  editor(id: string): Locator {
    return this.card(id).getByTestId('sli-editor');
  }

  async numbers(id: string): Promise<SliNumbers> {
    const card = this.card(id);
    const n = async (name: string) => Number(await card.getAttribute(`data-${name}`));
    return {
      sli: await n('sli'),
      badMinutes: await n('bad-minutes'),
      dataMinutes: await n('data-minutes'),
      errorBudget: await n('error-budget'),
      budgetLeft: await n('budget-left'),
      objective: await n('objective'),
      periodMs: await n('period-ms'),
    };
  }

  /** Opens SLI `id`'s editor (kept open if it already is). */
  async edit(id: string): Promise<void> {
    if ((await this.editor(id).count()) === 0) await this.card(id).getByTestId('sli-edit').click();
    await expect(this.editor(id)).toBeVisible();
  }

  async setObjective(id: string, percent: string): Promise<void> {
    await this.editor(id).getByTestId('sli-objective').fill(percent);
  }

  async setPeriod(id: string, period: string): Promise<void> {
    await this.editor(id).getByTestId('sli-period').fill(period);
  }

  /** Types into pair `index` (0-based) of burn-rate rule `rule`. */
  async setPair(id: string, rule: string, index: number, edit: PairEdit): Promise<void> {
    const row = this.editor(id).locator(
      `table[data-rule="${rule}"] tr[data-pair-index="${index}"]`,
    );
    if (edit.name !== undefined) await row.getByTestId('pair-name').fill(edit.name);
    if (edit.long !== undefined) await row.getByTestId('pair-long').fill(edit.long);
    if (edit.short !== undefined) await row.getByTestId('pair-short').fill(edit.short);
    if (edit.factor !== undefined) await row.getByTestId('pair-factor').fill(edit.factor);
  }

  /** The problems the editor lists, by field. */
  async errors(id: string): Promise<Record<string, string>> {
    const items = this.editor(id).getByTestId('sli-error');
    const out: Record<string, string> = {};
    for (const item of await items.all()) {
      out[(await item.getAttribute('data-field'))!] = (await item.textContent())!.trim();
    }
    return out;
  }

  saveButton(id: string): Locator {
    return this.editor(id).getByTestId('sli-save');
  }

  /** Saves the editor into the workbook and waits until it is applied. */
  async save(id: string): Promise<void> {
    await this.saveButton(id).click();
    await expect(this.card(id).getByTestId('sli-message')).toHaveText(
      'Saved to the workbook and applied.',
    );
    await expect(this.editor(id)).toHaveCount(0);
  }

  /** The pairs' factors of the burn-rate chart's table, by pair name. */
  async pairFactors(id: string): Promise<Record<string, number>> {
    const rows = this.card(id).locator('tr[data-pair]');
    const out: Record<string, number> = {};
    for (const row of await rows.all()) {
      out[(await row.getAttribute('data-pair'))!] = Number(
        await row.locator('td').nth(1).textContent(),
      );
    }
    return out;
  }
}
