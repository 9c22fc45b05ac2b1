import { expect, type Locator, type Page } from '@playwright/test';

/** A row of a ranked list in the explanation panel. */
export interface RankedRow {
  dimension: string | null;
  value: string | null;
  text: string;
}

/** The system event marks and filter, and the explanation panel, driven by intent. */
export class ExplainPanel {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('explain-panel');
  }

  /** The types of the event marks on one metric's chart. */
  async chartEventTypes(metricId: string): Promise<string[]> {
    const marks = this.page.locator(`[data-metric-id="${metricId}"] [data-testid="event-mark"]`);
    return marks.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.eventType ?? ''));
  }

  /** The times of the event marks on the timeline's strip. */
  async timelineEventTypes(): Promise<string[]> {
    return this.page
      .getByTestId('timeline-event')
      .evaluateAll((els) => els.map((e) => (e as SVGElement).dataset.eventType ?? ''));
  }

  /** Hovers the first event mark of `type` on a chart and returns the tooltip's text. */
  async hoverEvent(metricId: string, type: string): Promise<string> {
    const mark = this.page
      .locator(
        `[data-metric-id="${metricId}"] [data-testid="event-mark"][data-event-type="${type}"]`,
      )
      .first();
    await mark.scrollIntoViewIfNeeded();
    await mark.hover();
    const tip = this.page.locator(`[data-metric-id="${metricId}"] [data-testid="event-tooltip"]`);
    await expect(tip).toBeVisible();
    return tip.innerText();
  }

  /** Turns drawing of one event type on or off with the filter. */
  async setEventTypeShown(type: string, shown: boolean): Promise<void> {
    const box = this.page.locator(`[data-testid="event-filter"] input[data-event-type="${type}"]`);
    if (shown) await box.check();
    else await box.uncheck();
  }

  /** Explains an incident picked by id, and waits for the answer. */
  async explainIncident(id: string): Promise<void> {
    await this.page.getByTestId('explain-incident').selectOption(id);
    await this.waitReady();
  }

  /** Drags across a metric's chart from `from` to `to` (fractions of the plot's width). */
  async brush(metricId: string, from: number, to: number): Promise<void> {
    const over = this.page.locator(`[data-metric-id="${metricId}"] .u-over`);
    await over.scrollIntoViewIfNeeded();
    const box = await over.boundingBox();
    if (!box) throw new Error(`chart ${metricId} is not visible`);
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width * from, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * to, y, { steps: 6 });
    await this.page.mouse.up();
    await this.waitReady();
  }

  /** Presses why? beside a metric's first firing interval, and waits for the answer. */
  async explainFirstFiring(metricId: string): Promise<void> {
    const why = this.page
      .locator(`[data-metric-id="${metricId}"] [data-testid="explain-firing"]`)
      .first();
    await why.scrollIntoViewIfNeeded();
    await why.click();
    await this.waitReady();
  }

  /** The window the panel explains, as its heading states it. */
  async heading(): Promise<string> {
    return this.root.locator('.sub').innerText();
  }

  async waitReady(): Promise<void> {
    await expect(this.root).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  }

  async metric(): Promise<string | null> {
    return this.root.getAttribute('data-metric');
  }

  /** The rows of one ranked list (`event`, `dimension`, `combination`, `mix`, `change-point`). */
  async rows(list: string): Promise<RankedRow[]> {
    return this.root.getByTestId(`explain-${list}`).evaluateAll((els) =>
      els.map((e) => {
        const el = e as HTMLElement;
        return {
          dimension: el.dataset.dimension ?? el.dataset.eventType ?? null,
          value: el.dataset.value ?? null,
          text: el.innerText,
        };
      }),
    );
  }

  /** The formula shown on hover of a column header. */
  async formulaOf(header: string): Promise<string | null> {
    return this.root.locator('th', { hasText: header }).first().getAttribute('title');
  }

  async stage(): Promise<string | null> {
    return this.root.getByTestId('explain-stage').getAttribute('data-stage');
  }

  /** Downloads the Markdown export and returns its text. */
  async markdown(): Promise<string> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.root.getByTestId('explain-markdown').click(),
    ]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
}
