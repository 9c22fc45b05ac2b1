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

  /** Starts `sql` and returns once it is running (the Cancel button shows). */
  async start(sql: string): Promise<void> {
    await this.root.getByTestId('sql-input').fill(sql);
    await this.root.getByTestId('sql-run').click();
    await expect(this.root).toHaveAttribute('data-busy', 'true');
  }

  /** Presses Cancel and waits until the query has stopped. */
  async cancel(): Promise<void> {
    await this.root.getByTestId('sql-cancel').click();
    await expect(this.root).toHaveAttribute('data-busy', 'false');
  }

  /** The quick chart of the result. */
  chart(): Locator {
    return this.root.getByTestId('sql-chart');
  }

  /** Downloads the result as `format` and returns the file's bytes and name. */
  async download(format: 'csv' | 'parquet'): Promise<{ name: string; bytes: Buffer }> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.root.getByTestId(`sql-download-${format}`).click(),
    ]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    return { name: download.suggestedFilename(), bytes: readFileSync(path) };
  }

  /** Where the query text's selection starts (the error's position after a failed run). */
  async selectionStart(): Promise<number> {
    return this.root
      .getByTestId('sql-input')
      .evaluate((el) => (el as HTMLTextAreaElement).selectionStart);
  }
}
