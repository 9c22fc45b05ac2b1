import { expect, type Locator, type Page } from '@playwright/test';

/** A record row as the events browser exposes it. */
export interface EventRowView {
  seq: number;
  topic: string;
  key: string | null;
  faults: string;
}

/**
 * The Events tab: the loaded source's records, filtered, with one record's detail. Waits on
 * `data-total` and `data-busy` of the view, never on sleeps.
 */
export class EventsPage {
  readonly root: Locator;
  readonly detail: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('events-view');
    this.detail = page.getByTestId('event-detail');
  }

  async open(): Promise<void> {
    await this.page.locator('[data-testid="analysis-bar"] button[data-view="events"]').click();
    await expect(this.root).toHaveAttribute('data-total', /\d+/);
  }

  /** Waits until the list answers the current filters and returns its total. */
  async total(): Promise<number> {
    await expect(this.root).toHaveAttribute('data-busy', 'false');
    return Number(await this.root.getAttribute('data-total'));
  }

  /** Sets the filters named and waits until the list has the `expected` total. */
  async filter(
    set: { all?: boolean; faultsOnly?: boolean; text?: string; topic?: string; key?: string },
    expected: number,
  ): Promise<void> {
    if (set.all !== undefined) await this.root.getByTestId('events-all').setChecked(set.all);
    if (set.faultsOnly !== undefined) {
      await this.root.getByTestId('events-faults').setChecked(set.faultsOnly);
    }
    if (set.text !== undefined) await this.root.getByTestId('events-text').fill(set.text);
    if (set.key !== undefined) await this.root.getByTestId('events-key').fill(set.key);
    if (set.topic !== undefined)
      await this.root.getByTestId('events-topic').selectOption(set.topic);
    await expect(this.root).toHaveAttribute('data-total', String(expected));
    await expect(this.root).toHaveAttribute('data-busy', 'false');
  }

  /** The rows rendered now (the window around the visible ones). */
  async rows(): Promise<EventRowView[]> {
    return this.root.locator('button.row').evaluateAll((els) =>
      els.map((e) => ({
        seq: Number(e.getAttribute('data-seq')),
        topic: e.getAttribute('data-topic') ?? '',
        key: e.getAttribute('data-key'),
        faults: e.getAttribute('data-faults') ?? '',
      })),
    );
  }

  /** Scrolls the list to `fraction` (0–1) of its height and waits for the rows there. */
  async scrollTo(fraction: number): Promise<void> {
    const scroll = this.root.getByTestId('events-scroll');
    await scroll.evaluate((el, f) => {
      el.scrollTop = (el.scrollHeight - el.clientHeight) * f;
      el.dispatchEvent(new Event('scroll'));
    }, fraction);
    await expect(this.root).toHaveAttribute('data-busy', 'false');
  }

  /** The delivery indices of the rows visible in the scrolled viewport. */
  async visibleSeqs(): Promise<number[]> {
    return this.root.getByTestId('events-scroll').evaluate((el) => {
      const view = el.getBoundingClientRect();
      return Array.from(el.querySelectorAll('button.row'))
        .filter((b) => {
          const r = b.getBoundingClientRect();
          return r.top >= view.top - 1 && r.bottom <= view.bottom + 1;
        })
        .map((b) => Number(b.getAttribute('data-seq')));
    });
  }

  /** Builds a condition with the filter builder and adds it; waits for the list to answer. */
  async addCondition(
    c:
      | { kind: 'header' | 'field'; name: string; op?: string; value?: string }
      | { kind: 'time'; from?: string; to?: string }
      | { kind: 'fault'; fault: string },
  ): Promise<void> {
    const box = this.root.getByTestId('event-conditions');
    await box.getByTestId('condition-kind').selectOption(c.kind);
    if ('name' in c) {
      await box.getByTestId('condition-name').fill(c.name);
      await box.getByTestId('condition-op').selectOption(c.op ?? '=');
      if (c.value !== undefined) await box.getByTestId('condition-value').fill(c.value);
    } else if ('fault' in c) {
      await box.getByTestId('condition-fault').selectOption(c.fault);
    } else {
      if (c.from) await box.getByTestId('condition-from').fill(c.from);
      if (c.to) await box.getByTestId('condition-to').fill(c.to);
    }
    await box.getByTestId('condition-add').click();
    await expect(this.root).toHaveAttribute('data-busy', 'false');
  }

  /** The conditions as shown (their DuckDB SQL). */
  async conditions(): Promise<string[]> {
    return this.root
      .getByTestId('condition-text')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  }

  /** Replaces the text of condition `index` with `sql`, as a person editing it would. */
  async editCondition(index: number, sql: string): Promise<void> {
    const input = this.root.getByTestId('condition-text').nth(index);
    await input.fill(sql);
    await input.press('Enter');
    await input.blur();
  }

  /** Removes every condition. */
  async clearConditions(): Promise<void> {
    const remove = this.root.getByTestId('condition-remove');
    while ((await remove.count()) > 0) await remove.first().click();
  }

  /** The selected record's headers, as shown. */
  async detailHeaders(): Promise<[string, string][]> {
    return this.detail
      .locator('[data-testid="event-headers"] tr')
      .evaluateAll((trs) =>
        trs.map(
          (tr) =>
            [
              tr.querySelector('th')?.textContent ?? '',
              tr.querySelector('td')?.textContent ?? '',
            ] as [string, string],
        ),
      );
  }

  /** Opens the detail of the `index`th rendered row. */
  async select(index: number): Promise<void> {
    const row = this.root.locator('button.row').nth(index);
    const seq = await row.getAttribute('data-seq');
    await row.click();
    await expect(this.detail).toHaveAttribute('data-seq', seq ?? '');
  }
  /** Saves the filter into the workbook under `name` and waits until the workbook took it. */
  async saveFilter(name: string): Promise<void> {
    const box = this.root.getByTestId('events-saved');
    await box.getByTestId('events-save-name').fill(name);
    await box.getByTestId('events-save').click();
    await expect(box.getByTestId('events-save-message')).toContainText(`“${name}” in the workbook`);
  }

  /** The names of the workbook's saved filters, as offered. */
  async savedFilters(): Promise<string[]> {
    return this.root
      .getByTestId('events-saved-pick')
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== ''));
  }

  /** Picks saved filter `name` and waits until the list has the `expected` total. */
  async pickSaved(name: string, expected: number): Promise<void> {
    await this.root.getByTestId('events-saved-pick').selectOption(name);
    await expect(this.root).toHaveAttribute('data-total', String(expected));
    await expect(this.root).toHaveAttribute('data-busy', 'false');
  }
  /** Adds the condition of one kind of fault with its one-click chip; waits for the list. */
  async addFault(kind: string, expected: number): Promise<void> {
    await this.root.getByTestId('fault-chips').locator(`button[data-fault="${kind}"]`).click();
    await expect(this.root).toHaveAttribute('data-total', String(expected));
    await expect(this.root).toHaveAttribute('data-busy', 'false');
  }

  /** Sets the window a late fault is judged over (before adding it). */
  async setLateWindow(window: string): Promise<void> {
    const box = this.root.getByTestId('event-conditions');
    await box.getByTestId('condition-kind').selectOption('fault');
    await box.getByTestId('condition-fault').selectOption('late');
    await box.getByTestId('condition-window').fill(window);
  }

  /**
   * Shows the selected record's value `as` its fields, as recorded or in hex, and returns the
   * text shown once it is there.
   */
  async value(as: 'json' | 'raw' | 'hex'): Promise<string> {
    const buttons = this.detail.locator(`.modes button[data-mode="${as}"]`);
    await buttons.click();
    const shown = this.detail.locator(`pre[data-testid="event-value"][data-mode="${as}"]`);
    await expect(shown).toBeVisible();
    return (await shown.textContent()) ?? '';
  }

  /** The selected record's line of the recording, as shown (opened first). */
  async sourceLine(): Promise<{ line: number; text: string }> {
    const details = this.detail.locator('details.line');
    await details.locator('summary').click();
    const line = Number(
      /Line (\d+)/.exec((await details.locator('summary').textContent()) ?? '')?.[1],
    );
    return { line, text: (await details.getByTestId('event-source-line').textContent()) ?? '' };
  }
}
