import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionFromCli, parseBrokers } from './cli-connection.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tapedeck-cli-connection-'));
  await writeFile(join(dir, 'password'), 'from-file\n');
  await writeFile(join(dir, 'empty'), '\n');
  await writeFile(join(dir, 'ca.pem'), 'CA');
  await writeFile(join(dir, 'cert.pem'), 'CERT');
  await writeFile(join(dir, 'key.pem'), 'KEY');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('connectionFromCli', () => {
  it('takes --brokers over TAPEDECK_BROKERS, and the variable when the flag is absent', () => {
    expect(connectionFromCli({ brokers: 'a:1,b:2' }, { TAPEDECK_BROKERS: 'c:3' })).toEqual({
      brokers: ['a:1', 'b:2'],
    });
    expect(connectionFromCli({}, { TAPEDECK_BROKERS: 'c:3, [::1]:9092' })).toEqual({
      brokers: ['c:3', '[::1]:9092'],
    });
  });

  it('fails without brokers, and on a broker that is not HOST:PORT, naming it', () => {
    expect(() => connectionFromCli({}, {})).toThrow('missing --brokers (or TAPEDECK_BROKERS)');
    expect(() => parseBrokers('a:1,localhost')).toThrow(
      'invalid --brokers: "localhost" in "a:1,localhost"',
    );
    expect(() => parseBrokers('a:70000')).toThrow('invalid --brokers: "a:70000"');
  });

  it('reads SASL mechanism and user from flags or env, the password from env only', () => {
    const env = {
      TAPEDECK_SASL_MECHANISM: 'SCRAM-SHA-256',
      TAPEDECK_SASL_USERNAME: 'bob',
      TAPEDECK_SASL_PASSWORD: 'pw',
    };
    expect(connectionFromCli({ brokers: 'a:1' }, env).sasl).toEqual({
      mechanism: 'scram-sha-256',
      username: 'bob',
      password: 'pw',
    });
    expect(
      connectionFromCli({ brokers: 'a:1', saslMechanism: 'plain', saslUsername: 'al' }, env).sasl,
    ).toEqual({
      mechanism: 'plain',
      username: 'al',
      password: 'pw',
    });
  });

  it('reads the password from --sasl-password-file, without the trailing newline, over the env', () => {
    const flags = {
      brokers: 'a:1',
      saslMechanism: 'plain',
      saslUsername: 'al',
      saslPasswordFile: join(dir, 'password'),
    };
    expect(connectionFromCli(flags, { TAPEDECK_SASL_PASSWORD: 'env' }).sasl?.password).toBe(
      'from-file',
    );
    expect(() => connectionFromCli({ ...flags, saslPasswordFile: join(dir, 'empty') }, {})).toThrow(
      'is empty',
    );
    expect(() => connectionFromCli({ ...flags, saslPasswordFile: join(dir, 'none') }, {})).toThrow(
      `cannot read --sasl-password-file ${join(dir, 'none')}: ENOENT`,
    );
  });

  it('says what is missing from a SASL setup', () => {
    expect(() => connectionFromCli({ brokers: 'a:1', saslMechanism: 'plain' }, {})).toThrow(
      '--sasl-mechanism plain needs --sasl-username (or TAPEDECK_SASL_USERNAME)',
    );
    expect(() =>
      connectionFromCli({ brokers: 'a:1', saslMechanism: 'plain', saslUsername: 'al' }, {}),
    ).toThrow('needs a password: set TAPEDECK_SASL_PASSWORD or give --sasl-password-file');
    expect(() => connectionFromCli({ brokers: 'a:1', saslUsername: 'al' }, {})).toThrow(
      'SASL credentials given without --sasl-mechanism',
    );
    expect(() =>
      connectionFromCli({ brokers: 'a:1' }, { TAPEDECK_SASL_MECHANISM: 'gssapi' }),
    ).toThrow('invalid --sasl-mechanism: "gssapi" (expected plain, scram-sha-256, scram-sha-512)');
  });

  it('reads TLS files, and any TLS flag turns TLS on', () => {
    expect(connectionFromCli({ brokers: 'a:1', tls: true }, {}).tls).toEqual({});
    expect(connectionFromCli({ brokers: 'a:1', tlsInsecure: true }, {}).tls).toEqual({
      insecure: true,
    });
    expect(
      connectionFromCli(
        {
          brokers: 'a:1',
          tlsCa: join(dir, 'ca.pem'),
          tlsCert: join(dir, 'cert.pem'),
          tlsKey: join(dir, 'key.pem'),
        },
        {},
      ).tls,
    ).toEqual({ ca: 'CA', cert: 'CERT', key: 'KEY' });
    expect(connectionFromCli({ brokers: 'a:1' }, {}).tls).toBeUndefined();
  });

  it('fails on half a client certificate and on unreadable TLS files, naming the flag', () => {
    expect(() => connectionFromCli({ brokers: 'a:1', tlsCert: join(dir, 'cert.pem') }, {})).toThrow(
      '--tls-cert and --tls-key go together',
    );
    expect(() => connectionFromCli({ brokers: 'a:1', tlsCa: join(dir, 'nope.pem') }, {})).toThrow(
      `cannot read --tls-ca ${join(dir, 'nope.pem')}: ENOENT`,
    );
  });
});
