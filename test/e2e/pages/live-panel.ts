import { expect, type Locator, type Page } from '@playwright/test';

/** The live part of the source panel: the topics streamed and the warnings about record times. */
export class LivePanel {
  readonly badge: Locator;
  readonly topics: Locator;
  /** the "timestamps in the future" line, shown while the newest record is ahead of the clock */
  readonly future: Locator;

  constructor(readonly page: Page) {
    this.badge = page.getByTestId('live-state');
    this.topics = this.badge.getByTestId('live-topics');
    this.future = this.badge.getByTestId('live-future');
  }

  /** The topics the stream follows, in the order the bridge reported them. */
  async topicNames(): Promise<string[]> {
    const text = (await this.topics.getAttribute('data-topics')) ?? '';
    return text === '' ? [] : text.split(',');
  }

  /** Waits until the stream follows exactly `topics`. */
  async expectTopics(topics: string[], timeout = 60_000): Promise<void> {
    await expect.poll(() => this.topicNames(), { timeout }).toEqual(topics);
  }
}
