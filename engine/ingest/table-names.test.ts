import { describe, expect, it } from 'vitest';
import { storableName, TableNames } from './table-names.ts';

describe('TableNames', () => {
  it("keeps a topic's own name when no earlier topic's table has it", () => {
    const names = new TableNames();
    expect(names.tableOf('orders')).toBe('orders');
    expect(names.tableOf('orders-rejected')).toBe('orders-rejected');
    expect(names.tableOf('odd "topic" é')).toBe('odd "topic" é');
    expect(names.tableOf('orders')).toBe('orders');
  });

  it('gives topics that differ only in ASCII case tables of their own, the first its name', () => {
    const names = new TableNames();
    expect(['orders', 'ORDERS', 'Orders', 'ORDERS'].map((t) => names.tableOf(t))).toEqual([
      'orders',
      'ORDERS (2)',
      'Orders (3)',
      'ORDERS (2)',
    ]);
    // A topic named like a suffixed table comes after it.
    expect(names.tableOf('orders (2)')).toBe('orders (2) (2)');
    expect([...names.entries().keys()]).toEqual(['orders', 'ORDERS', 'Orders', 'orders (2)']);
  });

  it('leaves names DuckDB tells apart alone (it folds ASCII letters only)', () => {
    const names = new TableNames();
    expect(['é', 'É', 'σα', 'ΣΑ'].map((t) => names.tableOf(t))).toEqual(['é', 'É', 'σα', 'ΣΑ']);
  });

  it('replaces lone surrogates and NUL, and keeps the topics apart', () => {
    expect(storableName('a\ud800b')).toBe('a\ufffdb');
    expect(storableName('a\u0000b')).toBe('a\ufffdb');
    expect(storableName('\udc00')).toBe('\ufffd');
    const names = new TableNames();
    expect(['a\ud800', 'a\udfff', 'a\ufffd'].map((t) => names.tableOf(t))).toEqual([
      'a\ufffd',
      'a\ufffd (2)',
      'a\ufffd (3)',
    ]);
  });
});
