import { sqlFragmentProblem } from './sql-fragment.ts';
import type { MetricDef, SliDef, Workbook } from '../contract.ts';

/** A path into the workbook file: keys and list indexes. */
export type IssuePath = (string | number)[];

/** An issue before its line is known. */
export interface RawIssue {
  path: IssuePath;
  message: string;
}

/** `['metrics', 2, 'window', 'size']` → `metrics[2].window.size`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(workbook)' : out;
}

/** Every SQL text of the workbook with its file path and whether it is an expression or a query. */
export function sqlTexts(
  wb: Pick<Workbook, 'metrics' | 'slis'>,
): { path: IssuePath; text: string; what: 'expression' | 'query' }[] {
  const out: { path: IssuePath; text: string; what: 'expression' | 'query' }[] = [];
  const add = (
    path: IssuePath,
    text: string | null,
    what: 'expression' | 'query' = 'expression',
  ) => {
    if (text !== null) out.push({ path, text, what });
  };
  wb.metrics.forEach((m, i) => metricSql(m, ['metrics', i], add));
  wb.slis.forEach((s: SliDef, i) => {
    add(['slis', i, 'bad'], s.bad);
    add(['slis', i, 'good'], s.good);
    add(['slis', i, 'total'], s.total);
  });
  return out;
}

function metricSql(
  m: MetricDef,
  at: IssuePath,
  add: (path: IssuePath, text: string | null, what?: 'expression' | 'query') => void,
): void {
  switch (m.kind) {
    case 'aggregate':
      add([...at, 'filter'], m.filter);
      add([...at, 'expr'], m.expr);
      return;
    case 'ratio':
      add([...at, 'filter'], m.filter);
      for (const side of ['numerator', 'denominator'] as const) {
        add([...at, side, 'filter'], m[side].filter);
        add([...at, side, 'expr'], m[side].expr);
      }
      return;
    case 'state_duration':
      add([...at, 'filter'], m.filter);
      return;
    case 'latency':
      add([...at, 'from', 'filter'], m.from.filter);
      add([...at, 'to', 'filter'], m.to.filter);
      return;
    case 'sql':
      add([...at, 'sql'], m.sql, 'query');
      return;
    case 'trace':
      return;
  }
}

/** Whether a metric is marked `final_only` (a `sql` metric no rule may read). */
export function isFinalOnly(m: MetricDef): boolean {
  return m.kind === 'sql' && m.finalOnly;
}

/** Why no rule may read final-only metric `id`. */
export function finalOnlyRuleProblem(id: string): string {
  return (
    `metric "${id}" is final_only: its past samples can change as later records arrive, so a ` +
    `rule on it would be backtested with hindsight; remove final_only to have the engine ` +
    `compute it as of each sample time`
  );
}

/**
 * The checks a schema cannot make alone: unique ids (metrics and SLIs share one namespace, as
 * charts name both), references from alerts and charts (no rule on a `final_only` metric), and
 * the offline SQL check.
 */
export function checkWorkbook(wb: Workbook): RawIssue[] {
  const issues: RawIssue[] = [];
  const seen = new Map<string, string>();
  const unique = (path: IssuePath, id: string, where: string) => {
    const before = seen.get(id);
    if (before !== undefined)
      issues.push({ path, message: `duplicate id "${id}" (also ${before})` });
    else seen.set(id, where);
  };
  wb.metrics.forEach((m, i) => unique(['metrics', i, 'id'], m.id, `metrics[${i}]`));
  wb.slis.forEach((s, i) => unique(['slis', i, 'id'], s.id, `slis[${i}]`));
  const metrics = new Set(wb.metrics.map((m) => m.id));
  const finalOnly = new Set(wb.metrics.filter(isFinalOnly).map((m) => m.id));
  const slis = new Set(wb.slis.map((s) => s.id));

  const ruleIds = new Map<string, number>();
  wb.alerts.forEach((a, i) => {
    const before = ruleIds.get(a.id);
    if (before !== undefined) {
      issues.push({
        path: ['alerts', i, 'id'],
        message: `duplicate id "${a.id}" (also alerts[${before}])`,
      });
    } else ruleIds.set(a.id, i);
    if (a.kind === 'burn_rate') {
      if (!slis.has(a.sli)) {
        issues.push({ path: ['alerts', i, 'sli'], message: `no SLI "${a.sli}" in this workbook` });
      }
    } else if (!metrics.has(a.metric)) {
      issues.push({
        path: ['alerts', i, 'metric'],
        message: `no metric "${a.metric}" in this workbook`,
      });
    } else if (finalOnly.has(a.metric)) {
      issues.push({ path: ['alerts', i, 'metric'], message: finalOnlyRuleProblem(a.metric) });
    }
  });

  wb.charts.forEach((c, i) =>
    c.metrics.forEach((id, k) => {
      if (!metrics.has(id) && !slis.has(id)) {
        issues.push({ path: ['charts', i, 'metrics', k], message: `no metric or SLI "${id}"` });
      }
    }),
  );

  const incidentIds = new Set<string>();
  wb.incidents.forEach((inc, i) => {
    if (incidentIds.has(inc.id)) {
      issues.push({ path: ['incidents', i, 'id'], message: `duplicate incident id "${inc.id}"` });
    }
    incidentIds.add(inc.id);
  });

  const filterNames = new Map<string, number>();
  wb.filters.forEach((f, i) => {
    const before = filterNames.get(f.name);
    if (before !== undefined) {
      issues.push({
        path: ['filters', i, 'name'],
        message: `duplicate filter name "${f.name}" (also filters[${before}])`,
      });
    } else filterNames.set(f.name, i);
    f.where.forEach((condition, k) => {
      const problem = sqlFragmentProblem(condition, 'expression');
      if (problem) {
        issues.push({ path: ['filters', i, 'where', k], message: `invalid condition: ${problem}` });
      }
    });
  });

  for (const { path, text, what } of sqlTexts(wb)) {
    const problem = sqlFragmentProblem(text, what);
    if (problem) issues.push({ path, message: `invalid SQL ${what}: ${problem}` });
  }
  return issues;
}
