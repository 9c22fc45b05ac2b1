import { newMetricForm, type MetricForm, type RuleForm } from './author-forms.ts';

/**
 * The Workbook tab's forms as filled in, kept while other tabs are open: "Make a metric" (from a
 * topic or a query) and "Add an alert rule". One per open source.
 */
export class AuthorState {
  mode = $state<'topic' | 'sql'>('topic');
  form = $state<MetricForm>(newMetricForm(''));
  sql = $state('');
  sqlSize = $state('1m');
  sqlTitle = $state('');
  rule = $state<RuleForm>({ metric: '', op: '>', value: '', for: '', title: '' });
  /** the metric made last, which the rule form starts from */
  madeMetric = $state<string | null>(null);

  /** Starts "Make a metric" on `topic` (the events browser's) or `sql` (the SQL console's). */
  start(from: { topic?: string; sql?: string }): void {
    if (from.topic) {
      this.mode = 'topic';
      if (this.form.topic !== from.topic) this.form = newMetricForm(from.topic);
    } else if (from.sql) {
      this.mode = 'sql';
      this.sql = from.sql;
    }
  }
}
