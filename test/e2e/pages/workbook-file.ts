import { expect, type Locator, type Page } from '@playwright/test';

/** The workbook control above the charts: the active workbook's name, download and upload. */
export class WorkbookFile {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('workbook-file');
  }

  /** Uploads `text` as the file `name` and waits until the engine has taken it. */
  async upload(name: string, text: string, workbookName: string): Promise<void> {
    await this.root.getByTestId('workbook-input').setInputFiles({
      name,
      mimeType: 'application/yaml',
      buffer: Buffer.from(text),
    });
    await expect(this.root).toHaveAttribute('data-workbook-name', workbookName);
  }

  /** The issues of a rejected upload, as shown. */
  issues(): Locator {
    return this.page.getByTestId('workbook-issues');
  }
}
