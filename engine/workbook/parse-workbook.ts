import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { checkWorkbook, formatPath, type IssuePath, type RawIssue } from './check-workbook.ts';
import { workbookSchema } from './schema.ts';
import type { Workbook, WorkbookIssue } from '../contract.ts';

/** A workbook that failed to load; `issues` name each bad field, its line and the reason. */
export class WorkbookError extends Error {
  override readonly name = 'WorkbookError';
  constructor(
    readonly workbook: string,
    readonly issues: WorkbookIssue[],
  ) {
    super(
      `workbook "${workbook}" has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n` +
        issues
          .map((i) => `  ${i.path}${i.line === null ? '' : ` (line ${i.line})`}: ${i.message}`)
          .join('\n'),
    );
  }
}

/** A parsed workbook and a way back from a field to its line, for checks made later (DuckDB). */
export interface WorkbookSource {
  workbook: Workbook;
  /** the 1-based line of the field at `path`, or of its nearest ancestor in the file */
  lineOf(path: IssuePath): number | null;
  /** issues with their lines */
  located(issues: RawIssue[]): WorkbookIssue[];
}

/**
 * Parses and validates a workbook (YAML, or JSON — which is YAML too) without running any SQL.
 * Throws a `WorkbookError` listing every problem found: YAML syntax, schema (unknown keys,
 * wrong types, bad durations), references and the offline SQL check.
 */
export function parseWorkbookSource(text: string, name: string): WorkbookSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (path: IssuePath) => lineOfPath(doc, lines, path);
  const located = (issues: RawIssue[]) =>
    issues.map((i) => ({ path: formatPath(i.path), line: lineOf(i.path), message: i.message }));
  if (doc.errors.length > 0) {
    throw new WorkbookError(
      name,
      doc.errors.map((e) => ({
        path: '(yaml)',
        line: e.linePos?.[0].line ?? lines.linePos(e.pos[0]).line,
        message: e.message.split('\n')[0]!,
      })),
    );
  }
  // reportInput: zod 4 leaves `input` out of issues otherwise, and a wrong value read as missing.
  const parsed = workbookSchema.safeParse(doc.toJS() ?? {}, { reportInput: true });
  if (!parsed.success) throw new WorkbookError(name, located(zodIssues(parsed.error.issues)));
  const workbook: Workbook = { ...parsed.data, name: parsed.data.name ?? name };
  const issues = checkWorkbook(workbook);
  if (issues.length > 0) throw new WorkbookError(name, located(issues));
  return { workbook, lineOf, located };
}

/** `parseWorkbookSource(text, name).workbook`. */
export function parseWorkbook(text: string, name: string): Workbook {
  return parseWorkbookSource(text, name).workbook;
}

/** Zod's issues as workbook issues; an unknown key points at the key itself. */
function zodIssues(issues: readonly z.core.$ZodIssue[]): RawIssue[] {
  return issues.flatMap((issue): RawIssue[] => {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key], message: `unknown key "${key}"` }));
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      return [{ path, message: 'missing: this field is required' }];
    }
    if (issue.code === 'invalid_type') {
      return [{ path, message: `expected ${issue.expected}, got ${JSON.stringify(issue.input)}` }];
    }
    return [{ path, message: issue.message }];
  });
}

/** Walks `path` through the YAML nodes, keeping the line of the deepest node found. */
function lineOfPath(doc: Document, lines: LineCounter, path: IssuePath): number | null {
  let node: unknown = doc.contents;
  let offset: number | null = rangeStart(node);
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      if (node === undefined) break;
      offset = rangeStart(node) ?? offset;
    } else break;
  }
  return offset === null ? null : lines.linePos(offset).line;
}

function rangeStart(node: unknown): number | null {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : null;
}
