import { expect, type Locator, type Page } from '@playwright/test';

/**
 * The alert lab's parameter search: a rule, the parameters to search, a plan and a goal; its
 * result (`data-candidates`, `data-recommended`) and whether it still holds (`data-stale`).
 */
export class ParamSearchPage {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('param-search');
  }

  async open(): Promise<void> {
    await this.page.locator('[data-testid="analysis-bar"] button[data-view="lab"]').click();
    await expect(this.root).toBeVisible();
  }

  async chooseRule(id: string): Promise<void> {
    await this.root.getByTestId('search-rule').selectOption(id);
    await expect(this.root).toHaveAttribute('data-rule', id);
  }

  async setMaxFalseAlertsPerWeek(n: number): Promise<void> {
    await this.root.getByLabel('Search max false alerts per week').fill(String(n));
  }

  async specs(): Promise<string> {
    return this.root.getByTestId('search-specs').inputValue();
  }

  async setSpecs(text: string): Promise<void> {
    await this.root.getByTestId('search-specs').fill(text);
  }

  /** Runs the search and waits for its candidates. */
  async run(): Promise<void> {
    await this.root.getByTestId('run-search').click();
    await expect(this.root).not.toHaveAttribute('data-candidates', '0');
    await expect(this.root).toHaveAttribute('data-stale', 'false');
  }

  /** What the panel shows of its result: candidates, recommendation, the statement and rows. */
  async shown(): Promise<{
    candidates: number;
    recommended: string | null;
    statement: string | null;
    rows: string[];
  }> {
    const statement = this.root.getByTestId('search-statement');
    return {
      candidates: Number(await this.root.getAttribute('data-candidates')),
      recommended: await this.root.getAttribute('data-recommended'),
      statement: (await statement.count()) > 0 ? await statement.textContent() : null,
      rows: await this.root
        .getByTestId('search-candidate')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-params') ?? '')),
    };
  }

  /** The notice of a result that no longer holds. */
  stale(): Locator {
    return this.root.getByTestId('search-stale');
  }
}
