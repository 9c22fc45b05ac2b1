import { inspect } from 'node:util';
import { logLevel, type LogEntry } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  describeConnection,
  kafkaClientConfig,
  type KafkaConnectionOptions,
} from './connection-options.ts';
import { formatLogEntry, redactingLogCreator } from './kafkajs-log.ts';
import { REDACTED, redactSecrets } from './redaction.ts';

const PASSWORD = 's3cr3t-Pa55';
const KEY =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';
const options: KafkaConnectionOptions = {
  brokers: ['kafka-1:9093', 'kafka-2:9093'],
  sasl: { mechanism: 'scram-sha-512', username: 'alice', password: PASSWORD },
  tls: { ca: 'CA PEM', cert: 'CERT PEM', key: KEY },
};

function entry(
  level: logLevel,
  namespace: string,
  message: string,
  extra: Record<string, unknown> = {},
): LogEntry {
  return {
    namespace,
    level,
    label: 'x',
    log: { timestamp: '2026-01-01T00:00:00.000Z', logger: 'kafkajs', message, ...extra },
  };
}

describe('redactSecrets', () => {
  it('replaces every occurrence of every secret', () => {
    expect(redactSecrets(`a ${PASSWORD} b ${PASSWORD}c`, [PASSWORD, 'xyz'])).toBe(
      `a ${REDACTED} b ${REDACTED}c`,
    );
  });
  it('ignores empty secrets', () => {
    expect(redactSecrets('abc', [''])).toBe('abc');
  });
});

describe('kafkajs log lines', () => {
  it('drop the timestamp, redact secret-named fields and any secret string in message or fields', () => {
    const line = formatLogEntry(
      entry(logLevel.ERROR, 'Connection', `auth failed for ${PASSWORD}`, {
        broker: 'kafka-1:9093',
        sasl: { mechanism: 'plain', username: 'alice', password: PASSWORD },
        ssl: { key: Buffer.from(KEY) },
        error: `echo ${PASSWORD}`,
      }),
      [PASSWORD],
    );
    expect(line).toBe(
      'kafkajs ERROR [Connection] auth failed for [redacted] {"broker":"kafka-1:9093",' +
        '"sasl":{"mechanism":"plain","username":"alice","password":"[redacted]"},' +
        '"ssl":{"key":"[redacted]"},"error":"echo [redacted]"}',
    );
  });

  it('are written at or above the chosen level; retried error responses count as debug', () => {
    const lines: string[] = [];
    const log = redactingLogCreator([PASSWORD], (l) => lines.push(l), logLevel.WARN)(logLevel.WARN);
    log(entry(logLevel.ERROR, 'Consumer', 'Crash'));
    log(entry(logLevel.WARN, 'Consumer', 'slow'));
    log(entry(logLevel.INFO, 'Consumer', 'joined'));
    log(entry(logLevel.ERROR, 'Connection', 'Response GroupCoordinator(key: 10, version: 2)'));
    log(
      entry(
        logLevel.WARN,
        'Producer',
        'Limiting retries for the idempotent producer may invalidate EoS guarantees',
      ),
    );
    expect(lines).toEqual(['kafkajs ERROR [Consumer] Crash', 'kafkajs WARN [Consumer] slow']);
  });
});

describe('kafkaClientConfig', () => {
  it('gives kafkajs the credentials it needs, under clientId tapedeck', () => {
    const config = kafkaClientConfig(options);
    expect(config.clientId).toBe('tapedeck');
    expect(config.brokers).toEqual(['kafka-1:9093', 'kafka-2:9093']);
    expect(config.sasl).toMatchObject({
      mechanism: 'scram-sha-512',
      username: 'alice',
      password: PASSWORD,
    });
    expect(config.ssl).toMatchObject({
      rejectUnauthorized: true,
      ca: 'CA PEM',
      cert: 'CERT PEM',
      key: KEY,
    });
    // kafkajs copies the TLS options into tls.connect with Object.assign: the key must survive it.
    expect(Object.assign({}, config.ssl)).toEqual({
      rejectUnauthorized: true,
      ca: 'CA PEM',
      cert: 'CERT PEM',
      key: KEY,
    });
  });

  it('prints, as JSON or through util.inspect, with no password or key', () => {
    const config = kafkaClientConfig(options);
    for (const text of [
      JSON.stringify(config),
      inspect(config, { depth: null }),
      inspect(config.sasl),
      String(JSON.stringify(config.ssl)),
    ]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
    }
    expect(JSON.parse(JSON.stringify(config.sasl))).toEqual({
      mechanism: 'scram-sha-512',
      username: 'alice',
      password: REDACTED,
    });
  });

  it('routes kafkajs logs through the redacting logger', () => {
    const lines: string[] = [];
    const config = kafkaClientConfig({
      ...options,
      log: (l) => lines.push(l),
      logLevel: logLevel.DEBUG,
    });
    expect(config.logLevel).toBe(logLevel.DEBUG);
    config.logCreator!(logLevel.DEBUG)(
      entry(logLevel.INFO, 'SASLAuthenticator', `using ${PASSWORD}`, { pem: KEY }),
    );
    expect(lines).toEqual([
      `kafkajs INFO [SASLAuthenticator] using ${REDACTED} {"pem":"${REDACTED}"}`,
    ]);
  });

  it('logs nothing without a log sink, and turns --tls-insecure into rejectUnauthorized false', () => {
    const config = kafkaClientConfig({ brokers: ['b:1'], tls: { insecure: true } });
    expect(config.logLevel).toBe(logLevel.NOTHING);
    expect(config.ssl).toEqual({ rejectUnauthorized: false });
    expect(config.sasl).toBeUndefined();
  });

  it('describes the connection without secrets', () => {
    expect(describeConnection(options)).toBe(
      'kafka-1:9093,kafka-2:9093, SASL scram-sha-512 as alice, TLS, client certificate',
    );
  });
});
