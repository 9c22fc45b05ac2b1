import { expect, type Locator, type Page } from '@playwright/test';

/** One partition's row as the source panel shows it. */
export interface PartitionRowView {
  topic: string;
  partition: number;
  records: number;
  lastOffset: string;
  malformed: number;
  tombstones: number;
  binary: number;
  noTimestamp: number;
  outOfOrder: number;
}

/** The connection states the live badge shows (`data-state`). */
export type LiveStateName = 'connecting' | 'live' | 'reconnecting' | 'error' | 'closed';

/**
 * The source panel: per topic and partition counts, the malformed lines of a recording, and the
 * live connection's state. Values are read from the data-* attributes the panel renders.
 */
export class SourcePanel {
  readonly root: Locator;
  readonly malformed: Locator;
  readonly liveBadge: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('source-summary');
    this.malformed = page.getByTestId('malformed-lines');
    this.liveBadge = page.getByTestId('live-state');
  }

  /** The row of partition `partition` of `topic` (rows are shown unless its topic is folded). */
  partitionRow(topic: string, partition: number): Locator {
    return this.root.locator(
      `[data-testid="partition-row"][data-topic="${topic}"][data-partition="${partition}"]`,
    );
  }

  /** The summed row of `topic`. */
  topicRow(topic: string): Locator {
    return this.root.locator(`[data-testid="topic-row"][data-topic="${topic}"]`);
  }

  /** Every partition row, in the order shown. */
  async partitions(): Promise<PartitionRowView[]> {
    return this.root.locator('[data-testid="partition-row"]').evaluateAll((rows) =>
      rows.map((row) => {
        const d = (row as HTMLElement).dataset;
        return {
          topic: d.topic ?? '',
          partition: Number(d.partition),
          records: Number(d.records),
          lastOffset: d.lastOffset ?? '',
          malformed: Number(d.malformed),
          tombstones: Number(d.tombstones),
          binary: Number(d.binary),
          noTimestamp: Number(d.noTimestamp),
          outOfOrder: Number(d.outOfOrder),
        };
      }),
    );
  }

  /** Records per topic, from the topic rows. */
  async recordsPerTopic(): Promise<Record<string, number>> {
    const pairs = await this.root
      .locator('[data-testid="topic-row"]')
      .evaluateAll((rows) =>
        rows.map((row) => [
          (row as HTMLElement).dataset.topic,
          (row as HTMLElement).dataset.records,
        ]),
      );
    return Object.fromEntries(pairs.map(([t, n]) => [t ?? '', Number(n)]));
  }

  /** Folds or unfolds a topic's partitions. */
  async toggleTopic(topic: string): Promise<void> {
    await this.topicRow(topic).getByRole('button').click();
  }

  /** Line numbers of the malformed lines listed (as kept by the engine). */
  async malformedLineNumbers(): Promise<number[]> {
    const json = await this.malformed.getAttribute('data-lines');
    if (json === null) throw new Error('malformed-lines has no data-lines attribute');
    return JSON.parse(json) as number[];
  }

  /** How many malformed lines the source has in all. */
  async malformedCount(): Promise<number> {
    return Number(await this.malformed.getAttribute('data-count'));
  }

  /** Waits until the live badge shows `state`. */
  async waitForLiveState(state: LiveStateName, timeout = 60_000): Promise<void> {
    await expect(this.liveBadge).toHaveAttribute('data-state', state, { timeout });
  }
}
