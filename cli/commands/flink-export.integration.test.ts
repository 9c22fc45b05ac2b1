import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTapedeck, type CliRun } from '../testing/index.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'tapedeck-export-flink-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tapedeck(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return runTapedeck(args, { env });
}

describe('tapedeck export flink', () => {
  it('writes the bundled workbook as Flink SQL, lists what it cannot translate, and never writes the SASL password', async () => {
    const password = 'pa55-w0rd-not-in-files';
    const out = path.join(dir, 'sql');
    const run = await tapedeck(
      [
        'export',
        'flink',
        '--brokers',
        'kafka-1:9093',
        '--sasl-mechanism',
        'scram-sha-512',
        '--sasl-username',
        'alice',
        '--tls',
        '--from',
        '2026-01-05T00:00:00Z',
        '--to',
        '2026-01-06T00:00:00Z',
        '--out',
        out,
      ],
      { TAPEDECK_SASL_PASSWORD: password },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      `wrote ${path.join(out, 'kitchen.flink.sql')}: 11 metrics translated`,
    );
    // a bounded range: the state duration's instants end at --to
    expect(run.stderr).not.toContain('not translated: restaurant-closed-seconds');
    expect(run.stderr).toContain('not translated: users-affected: raw SQL');
    expect(run.stderr).not.toContain(password);
    const sql = readFileSync(path.join(out, 'kitchen.flink.sql'), 'utf8');
    expect(sql).not.toContain(password);
    expect(sql).toContain("'properties.security.protocol' = 'SASL_SSL'");
    expect(sql).toContain("'properties.sasl.mechanism' = 'SCRAM-SHA-512'");
    expect(sql).toContain(
      `'properties.sasl.jaas.config' = 'org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="\${TAPEDECK_SASL_PASSWORD}";'`,
    );
    expect(sql).toContain(
      `'scan.startup.timestamp-millis' = '${Date.parse('2026-01-05T00:00:00Z')}'`,
    );
    expect(sql).toContain(`WHERE time_ms <= ${Date.parse('2026-01-06T00:00:00Z')}`);
    expect(sql).toContain(`'path' = 'file://${path.join(out, 'series')}'`);
    expect(sql.match(/^INSERT INTO/gm)).toHaveLength(11);
    expect(sql).toContain('TABLE(CUMULATE(TABLE `tapedeck_state_events_4`');
  });

  it('refuses --live with --to and an unknown sink, naming the option', async () => {
    const both = await tapedeck([
      'export',
      'flink',
      '--brokers',
      'k:9092',
      '--live',
      '--to',
      'now',
      '--out',
      dir,
    ]);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('--live and --to exclude each other');
    const sink = await tapedeck([
      'export',
      'flink',
      '--brokers',
      'k:9092',
      '--sink',
      'avro',
      '--out',
      dir,
    ]);
    expect(sink.code).toBe(1);
    expect(sink.stderr).toContain('invalid --sink: avro');
  });

  it('lists a state duration as not translated when the history has no end (live)', async () => {
    const run = await tapedeck([
      'export',
      'flink',
      '--brokers',
      'k:9092',
      '--live',
      '--out',
      path.join(dir, 'live'),
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      'not translated: restaurant-closed-seconds: state_duration needs the end of the history',
    );
  });

  it('reads a workbook file and refuses a bad one with its line', async () => {
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: b\nmetrics:\n  - { id: x, kind: count, topic: t, window: 7 }\n');
    const run = await tapedeck([
      'export',
      'flink',
      '--brokers',
      'k:9092',
      '--workbook',
      bad,
      '--out',
      dir,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/line 3/);
  });
});
