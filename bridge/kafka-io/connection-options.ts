import { logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import type { ConnectionOptions } from 'node:tls';
import { KAFKA_IO_DEFAULTS } from './defaults.ts';
import { redactingLogCreator } from './kafkajs-log.ts';
import { printAs, REDACTED } from './redaction.ts';

/** SASL mechanisms the Kafka commands accept. */
export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/**
 * How to reach a Kafka cluster, already resolved from flags, environment and files by the command
 * layer: plain values only, nothing here reads the environment or the disk.
 */
export interface KafkaConnectionOptions {
  /** Bootstrap servers, `host:port` each. */
  brokers: string[];
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
  /** Present when the connection uses TLS; PEM contents, not paths. */
  tls?: { ca?: string; cert?: string; key?: string; insecure?: boolean };
  /** Where kafkajs log lines go, already redacted. Default: nowhere. */
  log?: (line: string) => void;
  /** kafkajs log level; default WARN. */
  logLevel?: logLevel;
}

/** The strings that must never be printed for these options: the password and the private key. */
export function connectionSecrets(options: KafkaConnectionOptions): string[] {
  const secrets: string[] = [];
  if (options.sasl) secrets.push(options.sasl.password);
  if (options.tls?.key) secrets.push(options.tls.key);
  return secrets;
}

/**
 * The kafkajs client config for these options: clientId `tapedeck`, logs routed through a logger
 * that redacts credentials, and SASL/TLS objects that print as redacted copies if ever logged.
 */
export function kafkaClientConfig(options: KafkaConnectionOptions): KafkaConfig {
  if (options.brokers.length === 0) throw new Error('invalid brokers: none given');
  const write = options.log ?? (() => undefined);
  const config: KafkaConfig = {
    clientId: KAFKA_IO_DEFAULTS.clientId,
    brokers: [...options.brokers],
    connectionTimeout: KAFKA_IO_DEFAULTS.connectionTimeoutMs,
    requestTimeout: KAFKA_IO_DEFAULTS.requestTimeoutMs,
    retry: { ...KAFKA_IO_DEFAULTS.retry },
    // kafkajs filters by level first; the creator then demotes the entries that mislead.
    logLevel: options.log ? (options.logLevel ?? logLevel.WARN) : logLevel.NOTHING,
    logCreator: redactingLogCreator(
      connectionSecrets(options),
      write,
      options.logLevel ?? logLevel.WARN,
    ),
  };
  if (options.sasl) {
    const { mechanism, username, password } = options.sasl;
    const sasl: SASLOptions = { mechanism, username, password };
    config.sasl = printAs(sasl, { mechanism, username, password: REDACTED });
  }
  if (options.tls) {
    const { ca, cert, key, insecure } = options.tls;
    const ssl: ConnectionOptions = { rejectUnauthorized: insecure !== true };
    if (ca !== undefined) ssl.ca = ca;
    if (cert !== undefined) ssl.cert = cert;
    if (key !== undefined) ssl.key = key;
    config.ssl = printAs(ssl, {
      rejectUnauthorized: ssl.rejectUnauthorized,
      ...(ca !== undefined ? { ca: `<${ca.length} chars>` } : {}),
      ...(cert !== undefined ? { cert: `<${cert.length} chars>` } : {}),
      ...(key !== undefined ? { key: REDACTED } : {}),
    });
  }
  return config;
}

/** One line saying where the commands connect and how, with no secret in it. */
export function describeConnection(options: KafkaConnectionOptions): string {
  const parts = [options.brokers.join(',')];
  if (options.sasl) parts.push(`SASL ${options.sasl.mechanism} as ${options.sasl.username}`);
  if (options.tls) {
    parts.push(options.tls.insecure ? 'TLS (certificate not verified)' : 'TLS');
    if (options.tls.cert !== undefined) parts.push('client certificate');
  }
  return parts.join(', ');
}

/** Warnings a person should see about these options before connecting. */
export function connectionWarnings(options: KafkaConnectionOptions): string[] {
  const warnings: string[] = [];
  if (options.sasl?.mechanism === 'plain' && !options.tls) {
    warnings.push('SASL plain without --tls sends the password in clear text over the network');
  }
  if (options.tls?.insecure) {
    warnings.push("--tls-insecure: the brokers' certificates are not verified");
  }
  return warnings;
}

/**
 * Connects a kafkajs client; a failure says where it tried to connect and how (never with what
 * password), then why.
 */
export async function connectTo(
  client: { connect(): Promise<void> },
  options: KafkaConnectionOptions,
): Promise<void> {
  try {
    await client.connect();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot connect to Kafka at ${describeConnection(options)}: ${reason}`, {
      cause: err,
    });
  }
}
