import { expect, type Locator, type Page } from '@playwright/test';

/** What "Make a metric" is asked for (the form's fields; empty ones keep their defaults). */
export interface MetricRequest {
  topic?: string;
  fn?: 'count' | 'sum' | 'avg' | 'quantile' | 'count_distinct' | 'min' | 'max';
  field?: string;
  filter?: string;
  groupBy?: string[];
  window?: string;
  title?: string;
}

/** What "Add an alert rule" is asked for. */
export interface RuleRequest {
  metric?: string;
  op: '>' | '>=' | '<' | '<=';
  value: number;
  for?: string;
  title?: string;
}

/**
 * The Workbook tab: the workbook's YAML (validated as typed, applied, downloaded), "Make a
 * metric" with the topic's profile, and "Add an alert rule". Waits on its data-* attributes
 * (`data-dirty`, `data-issues`) and on the messages the forms show.
 */
export class WorkbookPage {
  readonly root: Locator;
  readonly yaml: Locator;
  readonly metricMaker: Locator;
  readonly ruleMaker: Locator;
  readonly profile: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('workbook-view');
    this.yaml = page.getByTestId('yaml-text');
    this.metricMaker = page.getByTestId('metric-maker');
    this.ruleMaker = page.getByTestId('rule-maker');
    this.profile = page.getByTestId('topic-profile');
  }

  async open(): Promise<void> {
    await this.page.locator('[data-testid="analysis-bar"] button[data-view="workbook"]').click();
    await expect(this.root).toBeVisible();
  }

  /** Fills "Make a metric", adds it and waits until it is applied; returns its id. */
  async makeMetric(m: MetricRequest): Promise<string> {
    const f = this.metricMaker;
    if (m.topic) await f.getByTestId('maker-topic').selectOption(m.topic);
    await expect(this.profile).toBeVisible();
    for (const by of m.groupBy ?? []) {
      await this.profile.locator(`tr[data-field="${by}"]`).getByTestId('use-by').click();
    }
    if (m.fn) await f.getByTestId('maker-fn').selectOption(m.fn);
    if (m.field) await f.getByTestId('maker-field').selectOption(m.field);
    if (m.filter !== undefined) await f.getByTestId('maker-filter').fill(m.filter);
    if (m.window) await f.getByTestId('maker-window').fill(m.window);
    if (m.title) await f.getByTestId('maker-title').fill(m.title);
    const id = (await f.locator('.id code').textContent())!;
    await f.getByTestId('maker-add').click();
    await expect(f.getByTestId('maker-message')).toHaveText(`Added ${id}; it is on Charts now.`);
    return id;
  }

  /** Fills "Add an alert rule", adds it and waits until it is applied; returns its id. */
  async addRule(r: RuleRequest): Promise<string> {
    const f = this.ruleMaker;
    if (r.metric) await f.getByTestId('rule-metric').selectOption(r.metric);
    await f.getByTestId('rule-op').selectOption(r.op);
    await f.getByTestId('rule-value').fill(String(r.value));
    if (r.for) await f.getByTestId('rule-for').fill(r.for);
    if (r.title) await f.getByTestId('rule-title').fill(r.title);
    await f.getByTestId('rule-add').click();
    const message = f.getByTestId('rule-message');
    await expect(message).toHaveText(/^Added /);
    return /^Added (\S+);/.exec((await message.textContent())!)![1]!;
  }

  /** The YAML as shown. */
  async text(): Promise<string> {
    return this.yaml.inputValue();
  }

  /** Replaces the YAML with `text`, as typed. */
  async type(text: string): Promise<void> {
    await this.yaml.fill(text);
  }

  /** The problems listed under the YAML, as shown. */
  issues(): Locator {
    return this.page.getByTestId('yaml-issues');
  }

  /** Applies the YAML and waits until it is the active workbook. */
  async apply(): Promise<void> {
    await this.page.getByTestId('yaml-apply').click();
    await expect(this.root).toHaveAttribute('data-dirty', 'false');
  }
}
