import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STANDARD_BURN_RATE_PAIRS } from '../alerts/burn-rate-alerts.ts';
import { burnRateCase } from './burn-rate-export.ts';
import { prometheusRulesYaml } from './prometheus-rules.ts';
import { promtoolTests, type PromtoolCase } from './prometheus-test.ts';
import { thresholdCase, type ExportSeries, type ThresholdExportRule } from './threshold-export.ts';

/**
 * Prometheus itself checks the export: promtool (Debian's `prometheus` package) must load the
 * rules and agree with every expected alert Tapedeck computed, over series with gaps, runs,
 * negative values and every kind of transition, on 1m, 5m and 15m grids in one file.
 */

const M = 60_000;
const T0 = Date.UTC(2026, 0, 5, 9, 0);
const dir = mkdtempSync(path.join(tmpdir(), 'tapedeck-promtool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs promtool in the test directory: its exit code and output. */
function promtool(...args: string[]): { code: number; output: string } {
  try {
    const output = execFileSync('promtool', args, {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, output };
  } catch (err) {
    const e = err as { status?: number; code?: string; stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error('promtool not found: apt-get install prometheus');
    return { code: e.status ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** Deterministic noisy series: a level with bursts, absent samples, zeros, negative dips. */
function noisy(label: string, seed: number, n: number, stepMs: number): ExportSeries {
  let x = seed;
  const next = () => {
    x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0;
    return x / 2 ** 32;
  };
  const values = new Float64Array(n);
  let burst = 0;
  for (let i = 0; i < n; i++) {
    if (burst === 0 && next() < 0.08) burst = 1 + Math.floor(next() * 12);
    const r = next();
    if (r < 0.08) values[i] = NaN;
    else if (r < 0.2) values[i] = 0;
    else if (r < 0.25) values[i] = -0.05;
    else if (burst > 0) values[i] = 0.3;
    else values[i] = r < 0.6 ? 0.05 : Math.round(r * 20) / 100;
    if (burst > 0) burst--;
  }
  return {
    dimensions: { region: label },
    series: { label, times: Float64Array.from(values, (_, i) => T0 + (i + 1) * stepMs), values },
  };
}

const base = {
  metricId: 'rejection-ratio',
  dimensions: ['region'],
  labels: {},
  keepFiringForMs: 0,
  summary: 'Rejection ratio out of bounds',
  description: 'Rejection ratio out of bounds.',
} as const;

const rules: Omit<ThresholdExportRule, 'intervalMs' | 'id'>[] = [
  { ...base, op: '>', threshold: 0.1, forMs: 3 * M },
  { ...base, op: '>', threshold: 0.1, forMs: 0, keepFiringForMs: 2 * M },
  {
    ...base,
    op: '<=',
    threshold: 0.02,
    forMs: M,
    keepFiringForMs: 3 * M,
    match: { region: 'b"c' },
    labels: { severity: 'ticket' },
  },
  { ...base, op: '>=', threshold: 0.3, forMs: 5 * M, keepFiringForMs: 5 * M },
  // `for` and `keep_firing_for` that are not whole intervals on the coarse grids
  { ...base, op: '>', threshold: 0.1, forMs: 7 * M, keepFiringForMs: 4 * M },
];

function cases(): PromtoolCase[] {
  const out: PromtoolCase[] = [];
  for (const [stepMs, n] of [
    [M, 240],
    [5 * M, 60],
    [15 * M, 24],
  ] as const) {
    const series = [noisy('a', 1, n, stepMs), noisy('b"c', 2, n, stepMs), noisy('d', 3, n, stepMs)];
    rules.forEach((r, i) => {
      const rule = { ...r, id: `rule-${i}-every-${stepMs / M}m`, intervalMs: stepMs };
      out.push(thresholdCase({ ...rule, metricId: `ratio-${stepMs / M}m` }, series));
    });
  }
  // An SLI whose bad minutes come in bursts, on the standard pairs (objective 99%).
  const bad = noisy('sli', 4, 360, M).series;
  const minutes = { ...bad, values: bad.values.map((v) => (v >= 0.3 ? 1 : v > 0.1 ? 0.5 : 0)) };
  out.push(
    burnRateCase(
      {
        id: 'probe-burn',
        sliId: 'probe',
        objective: 0.99,
        noData: 'exclude',
        pairs: STANDARD_BURN_RATE_PAIRS,
        fullWindowsOnly: false,
        labels: { severity: 'page' },
        summary: 'burn',
        description: 'Error budget burning.',
      },
      minutes,
    ),
  );
  return out;
}

function writeFiles(name: string): { rules: string; tests: string } {
  const all = cases();
  // The case must exercise the rules: every rule fires at least once.
  for (const c of all) expect(c.intervals.length, c.rule.id).toBeGreaterThan(0);
  const rulesFile = `${name}.rules.yml`;
  const testFile = `${name}.test.yml`;
  writeFileSync(
    path.join(dir, rulesFile),
    prometheusRulesYaml({ name, rules: all.map((c) => c.rule) }),
  );
  const file = promtoolTests(all, { ruleFiles: [rulesFile], maxEvalTimes: 200 });
  expect(file.evaluationIntervalMs).toBe(M);
  writeFileSync(path.join(dir, testFile), file.yaml);
  return { rules: rulesFile, tests: testFile };
}

describe('promtool agrees with Tapedeck', () => {
  it('promtool check rules and test rules pass on 1m, 5m and 15m rules and a burn-rate rule', () => {
    const files = writeFiles('agree');
    const check = promtool('check', 'rules', files.rules);
    expect(check.code, check.output).toBe(0);
    expect(check.output).toContain(`SUCCESS: ${rules.length * 3 + 1} rules found`);
    const test = promtool('test', 'rules', files.tests);
    expect(test.code, test.output).toBe(0);
  });

  it('fails when an expected alert is tampered with', () => {
    const files = writeFiles('tampered');
    const testPath = path.join(dir, files.tests);
    const text = readFileSync(testPath, 'utf8');
    const tampered = text.replace('              region: a\n', '              region: zz\n');
    expect(tampered).not.toBe(text);
    writeFileSync(testPath, tampered);
    const test = promtool('test', 'rules', files.tests);
    expect(test.code).toBe(1);
    expect(test.output).toMatch(/FAILED/);
  });
});
