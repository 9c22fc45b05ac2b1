import { expect, type Locator, type Page } from '@playwright/test';

/** Waiting for a trace join of a few hours of kitchen records on a busy machine. */
const JOIN_TIMEOUT_MS = 90_000;

/**
 * The Traces tab, driven by intent. Waits are on the data-* attributes the view exposes
 * (`data-busy`, `data-time`, `data-keys`, `data-broken`), never on sleeps.
 */
export class TracesPage {
  readonly view: Locator;
  readonly list: Locator;
  readonly waterfalls: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('traces-view');
    this.list = page.getByTestId('trace-list');
    this.waterfalls = page.getByTestId('trace-waterfall');
  }

  /** Switches the main area to the Traces tab and waits for the join as of `time`. */
  async open(time: number): Promise<void> {
    await this.page.locator('[data-testid="analysis-bar"] button[data-view="traces"]').click();
    await this.settled(time);
  }

  /** Waits until the report shown is as of `time` and no join is running. */
  async settled(time: number): Promise<void> {
    await expect(this.view).toHaveAttribute('data-time', String(time), {
      timeout: JOIN_TIMEOUT_MS,
    });
    await expect(this.view).toHaveAttribute('data-busy', 'false', { timeout: JOIN_TIMEOUT_MS });
  }

  async counts(): Promise<{ keys: number; broken: number }> {
    return {
      keys: Number(await this.view.getAttribute('data-keys')),
      broken: Number(await this.view.getAttribute('data-broken')),
    };
  }

  /** Hop ends become `topic:<stage>` (e.g. `status`), or topics again with ''. */
  async setStage(stage: string, time: number): Promise<void> {
    await this.page.getByTestId('trace-stage').selectOption(stage);
    await expect(this.view).toHaveAttribute('data-stage', stage, { timeout: JOIN_TIMEOUT_MS });
    await this.settled(time);
  }

  async brokenOnly(time: number): Promise<void> {
    await this.page.getByTestId('trace-filter-broken').check();
    await expect(this.view).toHaveAttribute('data-filter', '{"broken":true}', {
      timeout: JOIN_TIMEOUT_MS,
    });
    await this.settled(time);
  }

  /** The broken share shown for hop `from → to` (e.g. `12.5%`). */
  hopRow(hop: string): Locator {
    return this.page.locator(`[data-testid="trace-hops"] tr[data-hop="${hop}"]`);
  }

  /** The keys listed, and whether each is broken. */
  async listed(): Promise<{ key: string; broken: boolean }[]> {
    return this.list.locator('tbody tr').evaluateAll((rows) =>
      rows.map((r) => ({
        key: (r as HTMLElement).dataset.traceKey!,
        broken: (r as HTMLElement).dataset.broken === 'true',
      })),
    );
  }

  /** Opens the trace of `key` in the waterfall; `compare` puts it beside the one open. */
  async openTrace(key: string, compare = false): Promise<void> {
    await this.list
      .locator(`tbody tr[data-trace-key="${key}"]`)
      .click({ modifiers: compare ? ['Shift'] : [] });
    await expect(
      this.page.locator(`[data-testid="trace-waterfall"][data-key="${key}"]`),
    ).toBeVisible();
  }
}
