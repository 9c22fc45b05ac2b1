import { describe, expect, it } from 'vitest';
import { parseWorkbook, WorkbookError } from './parse-workbook.ts';
import { stringifyWorkbook } from './stringify-workbook.ts';
import type { WorkbookIssue } from '../contract.ts';

function issuesOf(text: string): WorkbookIssue[] {
  try {
    parseWorkbook(text, 'bad.yaml');
  } catch (err) {
    if (err instanceof WorkbookError) return err.issues;
    throw err;
  }
  throw new Error('expected a WorkbookError');
}

describe('workbook filters (the events browser’s saved filters)', () => {
  it('reads a filter with its topic, text and conditions; one condition may be a string', () => {
    const wb = parseWorkbook(
      [
        'filters:',
        '  - name: bad payments',
        '    topic: payments',
        '    text: timeout',
        "    where: [\"header(_headers, 'source') = 'pos'\", _ooo]",
        '  - name: tombstones',
        '    where: _tombstone',
        '  - name: everything',
        '',
      ].join('\n'),
      'f.yaml',
    );
    expect(wb.filters).toEqual([
      {
        name: 'bad payments',
        topic: 'payments',
        text: 'timeout',
        where: ["header(_headers, 'source') = 'pos'", '_ooo'],
      },
      { name: 'tombstones', topic: null, text: null, where: ['_tombstone'] },
      { name: 'everything', topic: null, text: null, where: [] },
    ]);
    expect(parseWorkbook('name: x\n', 'x').filters).toEqual([]);
  });

  it('writes filters back so that parsing gives them again, and leaves the key out when none', () => {
    const wb = parseWorkbook(
      "filters:\n  - name: late pos\n    topic: checkout\n    where:\n      - \"header(_headers, 'source') = 'pos'\"\n",
      'f.yaml',
    );
    const text = stringifyWorkbook(wb);
    expect(text).toContain('filters:\n  - name: late pos\n    topic: checkout\n    where:\n');
    expect(parseWorkbook(text, 'f.yaml')).toEqual(wb);
    expect(stringifyWorkbook(parseWorkbook('name: x\n', 'x'))).not.toContain('filters');
  });

  it('names a filter without a name, a repeated name, an unknown key and a condition that is not one expression', () => {
    expect(issuesOf('filters:\n  - topic: t\n')).toEqual([
      { path: 'filters[0].name', line: 2, message: 'missing: this field is required' },
    ]);
    expect(issuesOf('filters:\n  - name: a\n  - name: a\n')).toEqual([
      { path: 'filters[1].name', line: 3, message: 'duplicate filter name "a" (also filters[0])' },
    ]);
    expect(issuesOf('filters:\n  - name: a\n    wher: _ooo\n')).toEqual([
      { path: 'filters[0].wher', line: 3, message: 'unknown key "wher"' },
    ]);
    const [issue] = issuesOf(
      'filters:\n  - name: a\n    where:\n      - _ooo\n      - "1=1; DROP TABLE t"\n',
    );
    expect(issue!.path).toBe('filters[0].where[1]');
    expect(issue!.line).toBe(5);
    expect(issue!.message).toMatch(/^invalid condition: /);
    expect(issuesOf('filters:\n  - name: a\n    where: 3\n')[0]!.message).toBe(
      'expected a DuckDB condition or a list of them',
    );
  });
});
