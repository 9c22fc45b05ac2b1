import {
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  stringify,
  visit,
  Document as YAMLDocument,
  type Document,
  type Node,
  type YAMLMap,
} from 'yaml';
import type { AggregateFn, Comparison, SavedFilter } from '../../engine/index.ts';
import { formatDuration } from '../../formats/index.ts';
import type { Incident } from '../../formats/index.ts';

/**
 * Edits of a workbook's YAML text that keep everything else as the user wrote it: comments,
 * key order, blank lines, folded text. The `yaml` Document API finds the nodes; each edit
 * writes only its own lines into the text (a re-stringified document would re-fold every
 * long description). Every function throws an `Error` naming the workbook field and the reason
 * when the text cannot take the edit (a YAML syntax error, a missing rule).
 */

/** What the "Make a metric" form defines: a windowed aggregate over one topic. */
export interface MetricDraft {
  id: string;
  title: string;
  unit: string;
  topic: string;
  fn: AggregateFn;
  /** the field aggregated; null for `count` */
  field: string | null;
  /** for `quantile` */
  q: number | null;
  /** a SQL boolean over the topic's columns; empty = every record */
  filter: string;
  by: string[];
  sizeMs: number;
  /** null or equal to `sizeMs`: tumbling */
  hopMs: number | null;
}

/** A raw SQL metric (from the SQL console): `window_start` rows, one sample per window. */
export interface SqlMetricDraft {
  id: string;
  title: string;
  unit: string;
  sql: string;
  sizeMs: number;
}

/** What the "Add an alert rule" form defines: a threshold rule on a metric. */
export interface RuleDraft {
  id: string;
  title: string;
  metric: string;
  op: Comparison;
  value: number;
  forMs: number;
}

/** The tunable fields of a threshold rule (the Charts editor's and the alert lab's). */
export interface RuleChange {
  op: Comparison;
  threshold: number;
  forMs: number;
  keepFiringForMs?: number;
}

/** The workbook entry of a metric draft, keys in the order the kitchen workbook uses. */
export function metricEntry(d: MetricDraft): Record<string, unknown> {
  const entry: Record<string, unknown> = { id: d.id, title: d.title };
  if (d.unit) entry.unit = d.unit;
  entry.kind = d.fn;
  entry.topic = d.topic;
  if (d.fn !== 'count') {
    if (!d.field) throw new Error(`metric "${d.id}": ${d.fn} needs a field`);
    entry.field = d.field;
  }
  if (d.fn === 'quantile') entry.q = d.q ?? 0.95;
  if (d.filter.trim()) entry.filter = d.filter.trim();
  if (d.by.length === 1) entry.by = d.by[0];
  else if (d.by.length > 1) entry.by = d.by;
  entry.window =
    d.hopMs === null || d.hopMs === d.sizeMs
      ? formatDuration(d.sizeMs)
      : { size: formatDuration(d.sizeMs), hop: formatDuration(d.hopMs) };
  return entry;
}

/** `text` with metric `d` appended to `metrics:`. */
export function addMetric(text: string, d: MetricDraft): string {
  return appendItem(text, 'metrics', metricEntry(d));
}

/** `text` with a `kind: sql` metric appended to `metrics:`. */
export function addSqlMetric(text: string, d: SqlMetricDraft): string {
  const entry: Record<string, unknown> = { id: d.id, title: d.title };
  if (d.unit) entry.unit = d.unit;
  entry.kind = 'sql';
  entry.window = formatDuration(d.sizeMs);
  entry.sql = d.sql.trim();
  return appendItem(text, 'metrics', entry);
}

/** `text` with threshold rule `r` appended to `alerts:`. */
export function addAlertRule(text: string, r: RuleDraft): string {
  const entry: Record<string, unknown> = {
    id: r.id,
    title: r.title,
    kind: 'threshold',
    metric: r.metric,
    op: r.op,
    value: r.value,
  };
  if (r.forMs > 0) entry.for = formatDuration(r.forMs);
  return appendItem(text, 'alerts', entry);
}

/**
 * `text` with threshold rule `id`'s `op`, `value`, `for` (and `keep_firing_for`, when given)
 * set to `change`. A `for` of 0 is written only where the rule already has the key.
 */
export function setThresholdRule(text: string, id: string, change: RuleChange): string {
  const doc = parsed(text);
  const index = itemIndex(doc, 'alerts', id);
  const rule = doc.getIn(['alerts', index], true);
  if (!isMap(rule) || rule.get('kind') !== 'threshold') {
    throw new Error(`alerts[${index}] (${id}): not a threshold rule`);
  }
  const edits: [string, unknown][] = [
    ['op', change.op],
    ['value', change.threshold],
    ['for', change.forMs],
  ];
  if (change.keepFiringForMs !== undefined) edits.push(['keep_firing_for', change.keepFiringForMs]);
  let out = text;
  const planned = edits
    .filter(([key, v]) => v !== 0 || rule.has(key) || key === 'value')
    .map(([key, v]) => [key, typeof v === 'number' && key !== 'value' ? durationText(v) : v])
    .filter(([key, v]) => !sameScalar(rule.get(key, true), v));
  for (const [key, value] of planned) out = setKey(out, ['alerts', index], key as string, value);
  return out;
}

/** The fields of an SLI the SLI view edits. */
export interface SliChange {
  /** a fraction strictly between 0 and 1 */
  objective: number;
  /** whole minutes, in ms */
  periodMs: number;
}

/** One long/short window pair of a burn-rate rule as written (`pairs:` of a `burn_rate` rule). */
export interface BurnRatePairDraft {
  name: string;
  longMs: number;
  shortMs: number;
  factor: number;
  severity: 'page' | 'ticket';
}

/**
 * `text` with SLI `id`'s `objective` and `period` set to `change`. An objective written as a
 * percentage (`99.9%`) stays one; a period the SLI leaves out (30 days by default) is written
 * only when it changes.
 */
export function setSli(text: string, id: string, change: SliChange): string {
  if (!(change.objective > 0 && change.objective < 1)) {
    throw new Error(`slis (${id}): objective must be strictly between 0 and 1`);
  }
  const doc = parsed(text);
  const index = itemIndex(doc, 'slis', id);
  const sli = doc.getIn(['slis', index], true);
  if (!isMap(sli)) throw new Error(`slis[${index}] (${id}): expected a mapping`);
  const old = sli.get('objective', true);
  const asPercent = isScalar(old) && typeof old.value === 'string' && old.value.endsWith('%');
  const objective = asPercent
    ? `${Number((change.objective * 100).toPrecision(12))}%`
    : Number(change.objective.toPrecision(12));
  let out = text;
  if (!sameScalar(old, objective)) out = setKey(out, ['slis', index], 'objective', objective);
  const period = durationText(change.periodMs);
  const oldPeriod = sli.get('period', true);
  const defaultPeriod = oldPeriod === undefined && change.periodMs === DEFAULT_SLI_PERIOD_MS;
  if (!defaultPeriod && !sameScalar(oldPeriod, period)) {
    out = setKey(out, ['slis', index], 'period', period);
  }
  return out;
}

/** An SLI's period when the workbook gives none (the schema's default). */
const DEFAULT_SLI_PERIOD_MS = 30 * 86_400_000;

/**
 * `text` with burn-rate rule `id`'s `pairs:` holding exactly `pairs` (a rule without the key,
 * which runs the four standard pairs, gets it), one `{ name, long, short, factor, severity }`
 * a line as the kitchen workbook writes them.
 */
export function setBurnRatePairs(
  text: string,
  id: string,
  pairs: readonly BurnRatePairDraft[],
): string {
  if (pairs.length === 0)
    throw new Error(`alerts (${id}): a burn-rate rule needs at least one pair`);
  const doc = parsed(text);
  const index = itemIndex(doc, 'alerts', id);
  const rule = doc.getIn(['alerts', index], true);
  if (!isMap(rule) || rule.get('kind') !== 'burn_rate') {
    throw new Error(`alerts[${index}] (${id}): not a burn-rate rule`);
  }
  const items = pairs.map((p) => {
    const item = new YAMLDocument({
      name: p.name,
      long: durationText(p.longMs),
      short: durationText(p.shortMs),
      factor: p.factor,
      severity: p.severity,
    });
    (item.contents as YAMLMap).flow = true;
    return item.toString({ lineWidth: 0, singleQuote: true }).trim();
  });
  const current = rule.get('pairs', true);
  if (
    isSeq(current) &&
    stringify(current.toJSON()) === stringify(parseDocument(`[${items.join(', ')}]`).toJSON())
  ) {
    return text;
  }
  if (rule.flow) return setKey(text, ['alerts', index], 'pairs', `[${items.join(', ')}]`, true);
  return setBlock(
    text,
    ['alerts', index],
    'pairs',
    items.map((i) => `- ${i}`),
  );
}

/** `text` with `incidents:` holding exactly `incidents` (times as ISO strings). */
export function setIncidents(text: string, incidents: readonly Incident[]): string {
  const items = incidents.map((i) => {
    const entry: Record<string, unknown> = {
      id: i.id,
      kind: i.kind,
      start: new Date(i.start).toISOString(),
      end: new Date(i.end).toISOString(),
    };
    if (Object.keys(i.scope).length > 0) entry.scope = { ...i.scope };
    if (i.description) entry.description = i.description;
    return entry;
  });
  const doc = parsed(text);
  const current = doc.get('incidents', true);
  const same = stringify(items) === stringify(isSeq(current) ? current.toJSON() : []);
  if (same && current !== undefined) return text;
  if (current === undefined && items.length === 0) return text;
  return replaceTopLevel(text, doc, 'incidents', items);
}

/** The workbook entry of a saved events filter (empty parts left out). */
export function filterEntry(f: SavedFilter): Record<string, unknown> {
  const name = f.name.trim();
  if (name === '') throw new Error('filters: give the filter a name');
  const entry: Record<string, unknown> = { name };
  if (f.topic) entry.topic = f.topic;
  if (f.text?.trim()) entry.text = f.text.trim();
  const where = f.where.map((c) => c.trim()).filter((c) => c !== '');
  if (where.length > 0) entry.where = where;
  return entry;
}

/**
 * `text` with events filter `f` saved under `filters:`: appended, or in place of the filter of
 * the same name (that list is then written anew).
 */
export function saveFilter(text: string, f: SavedFilter): string {
  const entry = filterEntry(f);
  const doc = parsed(text);
  const seq = doc.get('filters', true);
  if (isSeq(seq)) {
    const items = seq.toJSON() as unknown[];
    const at = items.findIndex(
      (item) => item !== null && typeof item === 'object' && (item as Plain).name === entry.name,
    );
    if (at >= 0) {
      items[at] = entry;
      return replaceTopLevel(text, doc, 'filters', items);
    }
  }
  return appendItem(text, 'filters', entry);
}

type Plain = Record<string, unknown>;

/** `base`, or `base-2`, `base-3`… whichever is not in `taken`. */
export function freeId(taken: Iterable<string>, base: string): string {
  const ids = new Set(taken);
  const clean = base.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'metric';
  if (!ids.has(clean)) return clean;
  for (let n = 2; ; n++) if (!ids.has(`${clean}-${n}`)) return `${clean}-${n}`;
}

function durationText(ms: number): string {
  return formatDuration(ms);
}

function sameScalar(node: unknown, value: unknown): boolean {
  return isScalar(node) && node.value === value;
}

function parsed(text: string): Document.Parsed {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0].line;
    throw new Error(
      `the workbook has a YAML error${line ? ` at line ${line}` : ''} (${e.message.split('\n')[0]}): fix it first`,
    );
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new Error('the workbook is not a YAML mapping (name:, metrics:, alerts: …)');
  }
  return doc;
}

function itemIndex(doc: Document.Parsed, list: string, id: string): number {
  const seq = doc.get(list, true);
  const index = isSeq(seq)
    ? seq.items.findIndex((item) => isMap(item) && item.get('id') === id)
    : -1;
  if (index < 0) throw new Error(`${list}: no entry with id "${id}"`);
  return index;
}

/** The 0-based column of offset `at`, and the start of its line. */
function columnOf(text: string, at: number): { column: number; lineStart: number } {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return { column: at - lineStart, lineStart };
}

/** `value` as block YAML lines, each indented by `indent` spaces (no trailing newline). */
function block(value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  const doc = new YAMLDocument(value);
  // Nested small maps (a window, a scope) on one line, as the kitchen workbook writes them.
  visit(doc, {
    Map(_, map, path) {
      if (path.some((p) => isMap(p))) map.flow = true;
    },
    // …unless an item is long text (a filter's conditions): one a line then.
    Seq(_, seq, path) {
      const long = seq.items.some((i) => isScalar(i) && String(i.value).length > 30);
      if (path.some((p) => isMap(p)) && !long) seq.flow = true;
    },
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === 'op' && isScalar(pair.value)) {
        pair.value.type = 'QUOTE_SINGLE';
      }
    },
  });
  return doc
    .toString({ lineWidth: 0, singleQuote: true })
    .trimEnd()
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

/** One scalar as YAML (`'>'` quoted, numbers bare). */
function scalarText(value: unknown): string {
  return stringify(value, { lineWidth: 0, singleQuote: true }).trimEnd();
}

/** Where a node's own text ends: after its value, before trailing comments and blank lines. */
function valueEnd(node: Node): number {
  return node.range![1];
}

/** The text with `entry` appended to the top-level list `list` (created at the end if absent). */
function appendItem(text: string, list: string, entry: Record<string, unknown>): string {
  const doc = parsed(text);
  const seq = doc.get(list, true);
  if (seq === undefined || (isScalar(seq) && seq.value === null)) {
    return replaceTopLevel(text, doc, list, [entry]);
  }
  if (!isSeq(seq)) throw new Error(`${list}: expected a list, so an entry cannot be added`);
  if (seq.flow || seq.items.length === 0) {
    return replaceTopLevel(text, doc, list, [...(seq.toJSON() as unknown[]), entry]);
  }
  const items = seq.items as Node[];
  const last = items[items.length - 1]!;
  // The dash of the first item: its line's indentation.
  const { lineStart } = columnOf(text, items[0]!.range![0]);
  const dash = text.indexOf('-', lineStart) - lineStart;
  // Items set apart by blank lines get one too.
  const second = items[1] ? columnOf(text, items[1].range![0]).lineStart : -1;
  const gap = second > 0 && /\n[ \t]*\n$/.test(text.slice(0, second)) ? '\n\n' : '\n';
  const at = endOfLine(text, valueEnd(last));
  return text.slice(0, at) + gap + block([entry], dash) + text.slice(at);
}

/** The end of the line holding offset `at` (before its newline), past a trailing comment. */
function endOfLine(text: string, at: number): number {
  // range[1] of a block value may sit after its newline, or after blank lines (block scalars).
  let from = at;
  while (from > 0 && /\s/.test(text[from - 1]!)) from--;
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

/** `key: value` at the top level written anew (replacing the old value, or appended). */
function replaceTopLevel(text: string, doc: Document.Parsed, key: string, value: unknown): string {
  const root = doc.contents as YAMLMap | null;
  const pair = root?.items.find((p) => isScalar(p.key) && p.key.value === key);
  const body = Array.isArray(value) && value.length === 0 ? ' []' : `\n${block(value, 2)}`;
  if (!pair) {
    const sep =
      text.length === 0 || text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    return `${text}${sep}${key}:${body}\n`;
  }
  const keyNode = pair.key as Node;
  const colon = text.indexOf(':', keyNode.range![1]);
  const old = pair.value as Node | null;
  const end = old?.range ? endOfLine(text, valueEnd(old)) : endOfLine(text, colon);
  return text.slice(0, colon + 1) + body + text.slice(end);
}

/**
 * The text with `key` of the map at `path` set to the scalar `value` (or to `value` as written
 * when `raw`: a flow collection's text).
 */
function setKey(
  text: string,
  path: (string | number)[],
  key: string,
  value: unknown,
  raw = false,
): string {
  const doc = parsed(text);
  const map = doc.getIn(path, true);
  if (!isMap(map)) throw new Error(`${path.join('.')}: expected a mapping`);
  const node = map.get(key, true) as Node | undefined;
  // Comparisons quoted always, as `'>'` must be.
  const shown = raw ? String(value) : key === 'op' ? `'${String(value)}'` : scalarText(value);
  if (node?.range) {
    return text.slice(0, node.range[0]) + shown + text.slice(valueEnd(node));
  }
  if (map.flow) {
    const close = text.lastIndexOf('}', map.range![1]);
    const inside = text.slice(map.range![0] + 1, close).trim();
    return `${text.slice(0, close).trimEnd()}${inside ? ',' : ''} ${key}: ${shown} ${text.slice(close)}`;
  }
  const pairs = (map as YAMLMap<Node, Node>).items;
  const firstKey = pairs[0]!.key;
  const { column } = columnOf(text, firstKey.range![0]);
  const lastValue = pairs[pairs.length - 1]!.value ?? pairs[pairs.length - 1]!.key;
  const at = endOfLine(text, valueEnd(lastValue));
  return `${text.slice(0, at)}\n${' '.repeat(column)}${key}: ${shown}${text.slice(at)}`;
}

/**
 * The text with `key` of the block map at `path` holding the block `lines` (each indented two
 * past the key): the old value's lines replaced, or the key added after the map's last entry.
 */
function setBlock(text: string, path: (string | number)[], key: string, lines: string[]): string {
  const doc = parsed(text);
  const map = doc.getIn(path, true);
  if (!isMap(map)) throw new Error(`${path.join('.')}: expected a mapping`);
  const pairs = (map as YAMLMap<Node, Node>).items;
  const pair = pairs.find((p) => isScalar(p.key) && p.key.value === key);
  const { column } = columnOf(text, (pair ?? pairs[0]!).key.range![0]);
  const body = lines.map((l) => `${' '.repeat(column + 2)}${l}`).join('\n');
  if (pair) {
    const colon = text.indexOf(':', pair.key.range![1]);
    const end = pair.value?.range ? endOfLine(text, valueEnd(pair.value)) : endOfLine(text, colon);
    return `${text.slice(0, colon + 1)}\n${body}${text.slice(end)}`;
  }
  const last = pairs[pairs.length - 1]!;
  const at = endOfLine(text, valueEnd(last.value ?? last.key));
  return `${text.slice(0, at)}\n${' '.repeat(column)}${key}:\n${body}${text.slice(at)}`;
}

/** The 1-based first line and line count of the list entry `- id: <id>` (block style) in `text`. */
export function entryLines(text: string, id: string): { line: number; count: number } | null {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^\\s*- id: ${escaped(id)}\\s*$`).test(l));
  if (start < 0) return null;
  const dash = lines[start]!.indexOf('-');
  let end = start + 1;
  while (end < lines.length) {
    const l = lines[end]!;
    if (l.trim() === '' || l.search(/\S/) <= dash) break;
    end++;
  }
  return { line: start + 1, count: end - start };
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where an issue of `text` points, 1-based: its line and column — the column the YAML parser
 * names in its message, else where the field's key (or the line's text) begins. Null without a
 * line.
 */
export function issuePosition(
  text: string,
  issue: { line: number | null; message: string },
): { line: number; column: number } | null {
  if (issue.line === null) return null;
  const named = /\bcolumn (\d+)\b/.exec(issue.message);
  if (named) return { line: issue.line, column: Number(named[1]) };
  const lineText = text.split('\n')[issue.line - 1] ?? '';
  const start = lineText.search(/[^\s-]/);
  return { line: issue.line, column: start < 0 ? 1 : start + 1 };
}
