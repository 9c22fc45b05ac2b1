import { describe, expect, it } from 'vitest';
import { cellText, firstQuery } from './sql-console.ts';

describe('SQL console', () => {
  it('starts with record counts per table, names quoted', () => {
    expect(firstQuery([{ table: 'orders' }, { table: 'it"s' }])).toBe(
      `SELECT 'orders' AS topic, count(*) AS records FROM "orders"\n` +
        `UNION ALL SELECT 'it"s' AS topic, count(*) AS records FROM "it""s"`,
    );
    expect(firstQuery([])).toBe('SELECT 42 AS answer');
  });

  it('shows NULL, numbers, text and nested values', () => {
    expect(cellText(null)).toBe('NULL');
    expect(cellText(3)).toBe('3');
    expect(cellText('a')).toBe('a');
    expect(cellText([1, 2])).toBe('[1,2]');
  });
});
