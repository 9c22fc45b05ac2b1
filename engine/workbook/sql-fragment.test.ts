import { describe, expect, it } from 'vitest';
import { sqlFragmentProblem } from './sql-fragment.ts';

describe('sqlFragmentProblem', () => {
  it('passes expressions whose quotes and parentheses balance', () => {
    expect(sqlFragmentProblem("status IN ('A', 'B') AND (x > 0)", 'expression')).toBeNull();
    expect(sqlFragmentProblem("name = 'it''s; (not) -- code'", 'expression')).toBeNull();
    expect(sqlFragmentProblem('"odd "" name" > 1', 'expression')).toBeNull();
  });

  it('rejects what would escape the parentheses it is spliced into', () => {
    expect(sqlFragmentProblem('TRUE) UNION SELECT 1 WHERE (TRUE', 'expression')).toBe(
      'unbalanced ")" at character 5',
    );
    expect(sqlFragmentProblem('(x > 0', 'expression')).toBe('1 unclosed "("');
    expect(sqlFragmentProblem("x = 'open", 'expression')).toBe(
      'unterminated string at character 5',
    );
    expect(sqlFragmentProblem('SELECT 1; SELECT 2', 'query')).toBe(
      '";" at character 9: a query is one statement, without ";"',
    );
    expect(sqlFragmentProblem('x > 0 -- note', 'expression')).toBe(
      'comment at character 7: comments are not allowed in a workbook expression',
    );
    expect(sqlFragmentProblem('x /* y */', 'expression')).toMatch(/^comment at character 3/);
    expect(sqlFragmentProblem('  ', 'expression')).toBe('empty expression');
  });

  it('refuses the quoting it cannot follow, as DuckDB would read it otherwise', () => {
    const attack = `$$'$$); COPY (SELECT 'echo pwned' AS l) TO '/tmp/x.sh' (HEADER false, QUOTE ''); SELECT ($$'$$`;
    expect(sqlFragmentProblem(attack, 'expression')).toBe(
      `"$" at character 1: dollar quoting and parameters are not allowed in a workbook expression (write strings as '…', names as "…")`,
    );
    expect(sqlFragmentProblem('x = $t$a$t$', 'expression')).toMatch(/^"\$" at character 5: /);
    expect(sqlFragmentProblem('SELECT $1', 'query')).toMatch(
      /^"\$" at character 8: .* workbook query/,
    );
    expect(sqlFragmentProblem("x = E'\\''); DROP TABLE t; SELECT ('", 'expression')).toMatch(
      /^E'…' at character 5: escape strings are not allowed/,
    );
    expect(sqlFragmentProblem('note = \'price: $5\' AND "a$" > 0', 'expression')).toBeNull();
    expect(sqlFragmentProblem("type = 'E' AND name = 'x'", 'expression')).toBeNull();
  });
});
