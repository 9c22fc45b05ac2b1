import { expect, type Locator, type Page } from '@playwright/test';

/** The SQL tab: one read-only query over the loaded tables, its rows or its error. */
export class SqlConsolePage {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('sql-console');
  }

  async open(): Promise<void> {
    await this.page.locator('[data-testid="analysis-bar"] button[data-view="sql"]').click();
    await expect(this.root).toBeVisible();
  }

  /** Types `sql`, runs it with Ctrl+Enter and waits for the answer. */
  async run(sql: string): Promise<void> {
    await this.root.getByTestId('sql-input').fill(sql);
    await this.root.getByTestId('sql-input').press('Control+Enter');
    await expect(this.root).toHaveAttribute('data-busy', 'false');
    await expect(
      this.root.getByTestId('sql-results').or(this.root.getByTestId('sql-error')),
    ).toBeVisible();
  }

  /** The result table's cells, row by row. */
  async rows(): Promise<string[][]> {
    return this.root
      .getByTestId('sql-results')
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')),
      );
  }

  error(): Locator {
    return this.root.getByTestId('sql-error');
  }
}
