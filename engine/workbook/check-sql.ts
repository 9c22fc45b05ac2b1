import { duckdbMessage } from '../sql/sql.ts';
import { sqlTexts } from './check-workbook.ts';
import type { WorkbookSource } from './parse-workbook.ts';
import type { WorkbookIssue } from '../contract.ts';

/** The one DuckDB call these checks make. */
export interface SqlRunner {
  query(sql: string): unknown;
}

/**
 * Checks the syntax of every SQL text of a workbook on DuckDB, before any source is loaded:
 * an expression as `EXPLAIN SELECT 1 WHERE (<expression>)`, a query as
 * `EXPLAIN SELECT * FROM (<query>)`. Only parser errors are issues here: names (columns,
 * tables) are bound once a source is loaded, where a metric that does not bind is reported
 * unavailable with DuckDB's reason.
 */
export function checkWorkbookSql(db: SqlRunner, source: WorkbookSource): WorkbookIssue[] {
  const issues = [];
  for (const { path, text, what } of sqlTexts(source.workbook)) {
    const probe =
      what === 'expression'
        ? `EXPLAIN SELECT 1 WHERE (${text})`
        : `EXPLAIN SELECT * FROM (${text})`;
    try {
      db.query(probe);
    } catch (err) {
      const message = duckdbMessage(err);
      if (/^Parser Error/i.test(message)) {
        issues.push({ path, message: `invalid SQL ${what}: ${message.split('\n')[0]}` });
      }
    }
  }
  return source.located(issues);
}
