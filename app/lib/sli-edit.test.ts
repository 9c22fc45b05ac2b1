import { describe, expect, it } from 'vitest';
import { parseWorkbook, sliDefSummary } from '../../engine/index.ts';
import { applySliEdit, checkSliForm, sameMinutes, sliForm, withWindow } from './sli-edit.ts';
import { setBurnRatePairs, setSli } from './workbook-edit.ts';

const WORKBOOK = `name: probes
metrics: []
slis:
  # the probe, seed 002
  - id: probe
    title: End-to-end probe
    topic: e2e-probe
    bad: latencyMs > 1000
    objective: 99.9% # three nines
    period: 30d

  - { id: plain, topic: e2e-probe, bad: latencyMs > 5000, objective: 0.99 }

alerts:
  - id: probe-burn
    title: Probe burns its budget
    kind: burn_rate
    sli: probe
    pairs:
      - { name: 1h/5m, long: 1h, short: 5m, factor: 14.4, severity: page }
      - { name: 6h/30m, long: 6h, short: 30m, factor: 6, severity: page }
    catches: broker-outage

  - id: plain-burn
    kind: burn_rate
    sli: plain
`;

describe('the SLI view editor', () => {
  it('starts from the workbook: objective as a percentage, period as a duration, each burn-rate rule on the SLI with its pairs', () => {
    const form = sliForm(parseWorkbook(WORKBOOK, 'probes.yaml'), 'probe')!;
    expect(form.objective).toBe('99.9');
    expect(form.period).toBe('30d');
    expect(form.rules).toEqual([
      {
        id: 'probe-burn',
        title: 'Probe burns its budget',
        pairs: [
          { name: '1h/5m', long: '1h', short: '5m', factor: '14.4', severity: 'page' },
          { name: '6h/30m', long: '6h', short: '30m', factor: '6', severity: 'page' },
        ],
      },
    ]);
    // A rule without pairs runs the four standard ones: the form shows them.
    expect(
      sliForm(parseWorkbook(WORKBOOK, 'probes.yaml'), 'plain')!.rules[0]!.pairs.map((p) => p.name),
    ).toEqual(['1h/5m', '6h/30m', '1d/2h', '3d/6h']);
    expect(sliForm(parseWorkbook(WORKBOOK, 'probes.yaml'), 'nope')).toBeNull();
  });

  it('writes the objective in the style the file uses, the period and the pairs, nothing else; the result parses to what was asked', () => {
    const form = sliForm(parseWorkbook(WORKBOOK, 'probes.yaml'), 'probe')!;
    form.objective = '99.5';
    form.period = '2d';
    form.rules[0]!.pairs[1] = withWindow(form.rules[0]!.pairs[1]!, 'long', '12h');
    form.rules[0]!.pairs[1]!.factor = '3';
    const check = checkSliForm(form);
    expect(check.errors).toEqual({});
    const out = applySliEdit(WORKBOOK, check.edit!);
    expect(out).toContain('    objective: 99.5% # three nines\n    period: 2d\n');
    expect(out).toContain(
      '    pairs:\n      - { name: 1h/5m, long: 1h, short: 5m, factor: 14.4, severity: page }\n      - { name: 12h/30m, long: 12h, short: 30m, factor: 3, severity: page }\n    catches: broker-outage\n',
    );
    // Everything else as written.
    expect(
      out.replace(/objective: 99.5%/, 'objective: 99.9%').replace('period: 2d', 'period: 30d'),
    ).toBe(
      WORKBOOK.replace('6h/30m, long: 6h', '12h/30m, long: 12h').replace(
        'factor: 6,',
        'factor: 3,',
      ),
    );
    const wb = parseWorkbook(out, 'out.yaml');
    expect(wb.slis[0]).toMatchObject({ objective: 0.995, periodMs: 2 * 86_400_000 });
    const rule = wb.alerts.find((a) => a.id === 'probe-burn');
    expect(rule?.kind === 'burn_rate' && rule.pairs[1]).toEqual({
      name: '12h/30m',
      longMinutes: 720,
      shortMinutes: 30,
      factor: 3,
      severity: 'page',
    });
  });

  it('gives a rule without pairs its pairs, a fraction objective stays a fraction, a default period is not written', () => {
    const form = sliForm(parseWorkbook(WORKBOOK, 'probes.yaml'), 'plain')!;
    form.objective = '99.95';
    form.rules[0]!.pairs = form.rules[0]!.pairs.slice(0, 1);
    const out = applySliEdit(WORKBOOK, checkSliForm(form).edit!);
    expect(out).toContain(
      '{ id: plain, topic: e2e-probe, bad: latencyMs > 5000, objective: 0.9995 }',
    );
    expect(out).toContain(
      '    sli: plain\n    pairs:\n      - { name: 1h/5m, long: 1h, short: 5m, factor: 14.4, severity: page }\n',
    );
    const wb = parseWorkbook(out, 'out.yaml');
    expect(wb.slis[1]).toMatchObject({ objective: 0.9995, periodMs: 30 * 86_400_000 });
  });

  it('names each bad field and why, and warns of a factor the burn rate cannot reach', () => {
    const form = sliForm(parseWorkbook(WORKBOOK, 'probes.yaml'), 'probe')!;
    form.objective = '100';
    form.period = '90s';
    form.rules[0]!.pairs[0] = { ...form.rules[0]!.pairs[0]!, short: '2h', factor: '-1' };
    form.rules[0]!.pairs[1] = { ...form.rules[0]!.pairs[1]!, long: 'soon', name: '1h/5m' };
    const check = checkSliForm(form);
    expect(check.edit).toBeNull();
    expect(check.errors).toEqual({
      objective: 'objective 100%: must be strictly between 0% and 100%',
      period: 'period "90s": must be a whole number of minutes, longer than 0',
      'rules.0.pairs.0.short':
        'pair 1: the short window (2h) must be shorter than the long one (1h)',
      'rules.0.pairs.0.factor': 'pair 1 factor "-1": expected a number ≥ 0',
      'rules.0.pairs.1.long': expect.stringContaining('pair 2 long window "soon": '),
      'rules.0.pairs.1.name': 'pair 2: the name "1h/5m" is used twice',
    });
    const low = sliForm(parseWorkbook(WORKBOOK, 'probes.yaml'), 'probe')!;
    low.objective = '90';
    const warned = checkSliForm(low);
    expect(warned.edit).not.toBeNull();
    // At 90% a minute all bad burns at 1 / 0.1 = 10: 14.4 cannot be reached, 6 can.
    expect(warned.warnings).toEqual([
      'probe-burn, pair 1h/5m: at objective 90% the burn rate is at most 10 (every minute bad), so a factor of 14.4 never fires',
    ]);
  });

  it('a window name follows its windows only when it was theirs', () => {
    const pair = { name: '1h/5m', long: '1h', short: '5m', factor: '1', severity: 'page' as const };
    expect(withWindow(pair, 'short', '10m').name).toBe('1h/10m');
    expect(withWindow({ ...pair, name: '60m/5m' }, 'long', '2h').name).toBe('2h/5m');
    expect(withWindow({ ...pair, name: 'fast' }, 'long', '2h').name).toBe('fast');
  });

  it('the app counts an edited objective or period from the minutes the engine counted: budget = (1 − objective) × period minutes', () => {
    const wb = parseWorkbook(WORKBOOK, 'probes.yaml');
    const applied = wb.slis[0]!;
    const edited = { ...applied, objective: 0.995, periodMs: 86_400_000 };
    expect(sameMinutes(edited, applied)).toBe(true);
    expect(sameMinutes({ ...applied, bad: 'latencyMs > 10' }, applied)).toBe(false);
    // 10 finished minutes, minutes 3 and 4 bad, minute 7 without a probe (excluded).
    const times = Float64Array.from({ length: 10 }, (_, i) => (i + 1) * 60_000);
    const values = Float64Array.from([0, 0, 0, 1, 1, 0, 0, NaN, 0, 0]);
    const s = sliDefSummary(edited, { label: 'probe', times, values });
    expect(s.dataMinutes).toBe(9);
    expect(s.badMinutes).toBe(2);
    expect(s.sli).toBeCloseTo(1 - 2 / 9, 12);
    // 0.5% of 1440 minutes = 7.2 minutes; 2 spent leave 1 − 2 / 7.2.
    expect(s.errorBudgetMinutes).toBeCloseTo(7.2, 12);
    expect(s.budgetLeft).toBeCloseTo(1 - 2 / 7.2, 12);
  });

  it('edits a rule written on one line in place; refuses an SLI or rule the text lacks, and no pairs', () => {
    const text =
      'slis: [{ id: s, topic: t, bad: x > 1, objective: 0.9 }]\nalerts:\n  - { id: b, kind: burn_rate, sli: s }\n';
    const out = setBurnRatePairs(text, 'b', [
      { name: 'fast', longMs: 3_600_000, shortMs: 300_000, factor: 2, severity: 'ticket' },
    ]);
    expect(out).toContain(
      '- { id: b, kind: burn_rate, sli: s, pairs: [{ name: fast, long: 1h, short: 5m, factor: 2, severity: ticket }] }',
    );
    expect(parseWorkbook(out, 'out.yaml').alerts[0]).toMatchObject({
      pairs: [{ name: 'fast', longMinutes: 60, shortMinutes: 5, factor: 2, severity: 'ticket' }],
    });
    expect(() => setSli(text, 'nope', { objective: 0.9, periodMs: 60_000 })).toThrow(
      'slis: no entry with id "nope"',
    );
    expect(() => setBurnRatePairs(text, 'b', [])).toThrow('needs at least one pair');
    expect(() => setSli('slis: [\n', 's', { objective: 0.9, periodMs: 60_000 })).toThrow(
      /YAML error/,
    );
  });
});
