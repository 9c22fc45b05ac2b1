import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExplainDocument } from './run-explain.ts';

// Issue 12, point 3: `tapedeck explain` on a kitchen recording with one labelled rejection spike.
const dir = mkdtempSync(path.join(tmpdir(), 'tapedeck-explain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const recording = path.join(dir, 'spike.ndjson.gz');

function tapedeck(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'node',
      ['bin/tapedeck.js', ...args],
      { maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

beforeAll(async () => {
  const made = await tapedeck([
    'scenario',
    'kitchen',
    '--out',
    recording,
    '--seed',
    '5',
    '--start',
    '2026-01-05T10:00:00Z',
    '--duration',
    '4h',
    '--incidents',
    'rejection-spike',
  ]);
  expect(made.code, made.stderr).toBe(0);
}, 120_000);

describe('tapedeck explain', () => {
  it('--incident --json ranks the labelled aggregator and region, the adapter deploy and the accept stage first', async () => {
    const labels = JSON.parse(
      readFileSync(recording.replace('.ndjson.gz', '.labels.json'), 'utf8'),
    );
    const spike = labels.incidents[0] as { id: string; scope: Record<string, string> };
    const run = await tapedeck([
      'explain',
      '--recording',
      recording,
      '--incident',
      spike.id,
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as ExplainDocument;
    expect(doc.format).toBe('tapedeck-explain/1');
    expect(doc.metric).toBe('rejected-5m');
    const top = doc.dimensions.slice(0, 3).map((d) => `${d.dimension}=${d.value}`);
    expect(top).toContain(`aggregator=${spike.scope.aggregator}`);
    expect(doc.dimensions.map((d) => `${d.dimension}=${d.value}`)).toContain(
      `region=${spike.scope.region}`,
    );
    for (const d of doc.dimensions) {
      expect(Object.keys(d)).toEqual(
        expect.arrayContaining(['dimension', 'value', 'contribution', 'p_value', 'leave_one_out']),
      );
    }
    expect(doc.events[0]).toMatchObject({
      type: 'DEPLOY',
      scope: `${spike.scope.aggregator!.toLowerCase()}-adapter`,
    });
    expect(doc.events[0]!.lead_ms).toBeGreaterThan(0);
    expect(doc.events[0]!.time).toBeLessThan(doc.window.from);
    expect(doc.stage?.stage).toBe('placed → accepted');
  }, 120_000);

  it('prints Markdown for a window given by --from/--to/--metric, and refuses --incident with --from', async () => {
    const run = await tapedeck([
      'explain',
      '--recording',
      recording,
      '--from',
      '+2h',
      '--to',
      '+2h30m',
      '--metric',
      'rejection-ratio',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('# What changed: rejection-ratio');
    expect(run.stdout).toContain('Window 2026-01-05T12:00:00Z – 2026-01-05T12:30:00Z');
    expect(run.stdout).toContain('## Mix and rate');
    const bad = await tapedeck([
      'explain',
      '--recording',
      recording,
      '--incident',
      'x',
      '--from',
      '+1h',
      '--to',
      '+2h',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('give --incident ID, or --from T --to T --metric M (not both)');
  }, 120_000);

  it('backtest prints each incident against its label and the figures for incidents and near-misses apart', async () => {
    const labels = JSON.parse(
      readFileSync(recording.replace('.ndjson.gz', '.labels.json'), 'utf8'),
    ) as { incidents: { id: string; scope: Record<string, string> }[] };
    const run = await tapedeck(['backtest', '--recording', recording, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as {
      explanations: {
        incident: string;
        nearMiss?: boolean;
        scopeRank?: number | null;
        top: { combination: { value: string } | null };
      }[];
      incidentSummary: { scoped: number; scopeFirst: number };
      nearMissSummary: { scoped: number };
    };
    const nearMisses = labels.incidents.filter((i) => i.scope['resembles'] !== undefined);
    expect(doc.nearMissSummary.scoped).toBe(nearMisses.length);
    expect(doc.incidentSummary.scoped).toBe(labels.incidents.length - nearMisses.length);
    // the spike's labelled aggregator × region ranks first (under the earlier narrower-slice rule
    // a restaurant of its region went first; the region's change does not concentrate in it)
    const spike = doc.explanations.find(
      (e) => e.incident === labels.incidents.find((i) => !i.scope['resembles'])!.id,
    );
    console.log(
      `spike ${spike?.incident}: scope #${spike?.scopeRank}, top ${spike?.top.combination?.value}`,
    );
    expect(spike?.scopeRank).toBe(1);
    const table = await tapedeck(['backtest', '--recording', recording]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(
      new RegExp(
        `incidents: labelled scope ranked first in ${doc.incidentSummary.scopeFirst}/${doc.incidentSummary.scoped}`,
      ),
    );
    expect(table.stdout).toContain('near-misses: labelled scope ranked first in');
  }, 180_000);
});
