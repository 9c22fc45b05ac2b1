import type { KafkaConnectionOptions } from '../../bridge/index.ts';

/** Written into exported SQL in place of secrets; `tapedeck flink run` substitutes them as it runs. */
export const SECRET_PLACEHOLDERS = {
  password: '${TAPEDECK_SASL_PASSWORD}',
  tlsKey: '${TAPEDECK_TLS_KEY}',
} as const;

const LOGIN_MODULE = {
  plain: 'org.apache.kafka.common.security.plain.PlainLoginModule',
  'scram-sha-256': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  'scram-sha-512': 'org.apache.kafka.common.security.scram.ScramLoginModule',
} as const;

/**
 * Tapedeck's Kafka connection options as Kafka client properties for Flink's connector
 * (`properties.<name>`): SASL and TLS, PEM given inline. The password and the TLS private key are
 * written as placeholders (`SECRET_PLACEHOLDERS`), never as their values.
 */
export function kafkaProperties(connection: KafkaConnectionOptions): Record<string, string> {
  const props: Record<string, string> = {};
  const { sasl, tls } = connection;
  if (sasl) {
    props['security.protocol'] = tls ? 'SASL_SSL' : 'SASL_PLAINTEXT';
    props['sasl.mechanism'] = sasl.mechanism.toUpperCase();
    const user = sasl.username.replaceAll('\\', '\\\\').replaceAll('"', '\\"');
    props['sasl.jaas.config'] =
      `${LOGIN_MODULE[sasl.mechanism]} required username="${user}" password="${SECRET_PLACEHOLDERS.password}";`;
  } else if (tls) {
    props['security.protocol'] = 'SSL';
  }
  if (tls?.ca) {
    props['ssl.truststore.type'] = 'PEM';
    props['ssl.truststore.certificates'] = tls.ca;
  }
  if (tls?.cert && tls.key) {
    props['ssl.keystore.type'] = 'PEM';
    props['ssl.keystore.certificate.chain'] = tls.cert;
    props['ssl.keystore.key'] = SECRET_PLACEHOLDERS.tlsKey;
  }
  // Kafka clients verify the broker's host name unless this is empty; certificates are still checked.
  if (tls?.insecure) props['ssl.endpoint.identification.algorithm'] = '';
  return props;
}

/** The secret values behind the placeholders, for `flink run` to substitute. */
export function secretSubstitutions(connection: KafkaConnectionOptions): Record<string, string> {
  const subs: Record<string, string> = {};
  if (connection.sasl) {
    subs[SECRET_PLACEHOLDERS.password] = connection.sasl.password
      .replaceAll('\\', '\\\\')
      .replaceAll('"', '\\"')
      .replaceAll("'", "''");
  }
  if (connection.tls?.key)
    subs[SECRET_PLACEHOLDERS.tlsKey] = connection.tls.key.replaceAll("'", "''");
  return subs;
}
