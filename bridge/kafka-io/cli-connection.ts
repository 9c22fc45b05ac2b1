import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import {
  SASL_MECHANISMS,
  type KafkaConnectionOptions,
  type SaslMechanism,
} from './connection-options.ts';

/** The connection flags as commander parses them (every Kafka command shares these). */
export interface ConnectionFlags {
  brokers?: string;
  saslMechanism?: string;
  saslUsername?: string;
  saslPasswordFile?: string;
  tls?: boolean;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsInsecure?: boolean;
}

/** The environment variables the connection flags fall back to (read by the command layer only). */
export interface ConnectionEnv {
  TAPEDECK_BROKERS?: string;
  TAPEDECK_SASL_MECHANISM?: string;
  TAPEDECK_SASL_USERNAME?: string;
  TAPEDECK_SASL_PASSWORD?: string;
}

/** Adds the shared Kafka connection flags, and help text naming their environment variables. */
export function addConnectionOptions(command: Command): Command {
  return command
    .option('--brokers <host:port,…>', 'Kafka bootstrap servers (env TAPEDECK_BROKERS)')
    .addOption(
      new Option(
        '--sasl-mechanism <mechanism>',
        'SASL mechanism (env TAPEDECK_SASL_MECHANISM)',
      ).choices(SASL_MECHANISMS),
    )
    .option('--sasl-username <name>', 'SASL user name (env TAPEDECK_SASL_USERNAME)')
    .option(
      '--sasl-password-file <file>',
      'file holding the SASL password (else env TAPEDECK_SASL_PASSWORD; never a flag)',
    )
    .option('--tls', 'connect with TLS')
    .option('--tls-ca <file>', 'PEM file of CA certificates to trust (implies --tls)')
    .option('--tls-cert <file>', 'PEM client certificate (implies --tls; needs --tls-key)')
    .option('--tls-key <file>', 'PEM client private key (implies --tls; needs --tls-cert)')
    .option('--tls-insecure', 'do not verify the brokers’ certificates (implies --tls)')
    .addHelpText(
      'after',
      '\nKafka connection environment: TAPEDECK_BROKERS, TAPEDECK_SASL_MECHANISM,\n' +
        'TAPEDECK_SASL_USERNAME, TAPEDECK_SASL_PASSWORD. The password is never printed or logged.',
    );
}

/**
 * Resolves the connection flags, with `env` as fallback, into plain options: files are read here,
 * and every mistake names the flag (or variable) and what is wrong.
 */
export function connectionFromCli(
  flags: ConnectionFlags,
  env: ConnectionEnv,
): KafkaConnectionOptions {
  const brokersText = flags.brokers ?? env.TAPEDECK_BROKERS;
  if (brokersText === undefined || brokersText.trim() === '') {
    throw new Error('missing --brokers (or TAPEDECK_BROKERS): the Kafka servers, HOST:PORT[,…]');
  }
  const options: KafkaConnectionOptions = { brokers: parseBrokers(brokersText) };

  const mechanismText = flags.saslMechanism ?? nonEmpty(env.TAPEDECK_SASL_MECHANISM);
  const username = flags.saslUsername ?? nonEmpty(env.TAPEDECK_SASL_USERNAME);
  if (mechanismText !== undefined) {
    const mechanism = mechanismText.toLowerCase();
    if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
      throw new Error(
        `invalid --sasl-mechanism: "${mechanismText}" (expected ${SASL_MECHANISMS.join(', ')})`,
      );
    }
    if (username === undefined) {
      throw new Error(
        `--sasl-mechanism ${mechanism} needs --sasl-username (or TAPEDECK_SASL_USERNAME)`,
      );
    }
    options.sasl = {
      mechanism: mechanism as SaslMechanism,
      username,
      password: readPassword(flags.saslPasswordFile, env.TAPEDECK_SASL_PASSWORD, mechanism),
    };
  } else if (username !== undefined || flags.saslPasswordFile !== undefined) {
    throw new Error('SASL credentials given without --sasl-mechanism (or TAPEDECK_SASL_MECHANISM)');
  }

  const usesTls =
    flags.tls === true ||
    flags.tlsInsecure === true ||
    [flags.tlsCa, flags.tlsCert, flags.tlsKey].some((f) => f !== undefined);
  if (usesTls) {
    if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) {
      throw new Error('--tls-cert and --tls-key go together: give both or neither');
    }
    options.tls = {};
    if (flags.tlsCa !== undefined) options.tls.ca = readPem(flags.tlsCa, '--tls-ca');
    if (flags.tlsCert !== undefined) options.tls.cert = readPem(flags.tlsCert, '--tls-cert');
    if (flags.tlsKey !== undefined) options.tls.key = readPem(flags.tlsKey, '--tls-key');
    if (flags.tlsInsecure === true) options.tls.insecure = true;
  }
  return options;
}

/** `host:port[,host:port…]`; hosts may be names, IPv4, or bracketed IPv6. */
export function parseBrokers(text: string): string[] {
  const brokers = text.split(',').map((b) => b.trim());
  for (const broker of brokers) {
    const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/.exec(broker);
    const port = match ? Number(match[2]) : 0;
    if (!match || port < 1 || port > 65535) {
      throw new Error(
        `invalid --brokers: "${broker}" in "${text}" (expected HOST:PORT[,HOST:PORT…])`,
      );
    }
  }
  return brokers;
}

function readPassword(
  file: string | undefined,
  fromEnv: string | undefined,
  mechanism: string,
): string {
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new Error(
        `cannot read --sasl-password-file ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
    // Editors end files with a newline; it is never part of the password.
    const password = text.replace(/\r?\n$/, '');
    if (password === '') throw new Error(`--sasl-password-file ${file} is empty`);
    return password;
  }
  if (fromEnv === undefined || fromEnv === '') {
    throw new Error(
      `--sasl-mechanism ${mechanism} needs a password: set TAPEDECK_SASL_PASSWORD or give --sasl-password-file`,
    );
  }
  return fromEnv;
}

function readPem(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    // Only the code: a message could quote file contents in some runtimes.
    throw new Error(
      `cannot read ${flag} ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text === '' ? undefined : text;
}
