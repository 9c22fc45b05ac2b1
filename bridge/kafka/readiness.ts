import { Kafka, logLevel } from 'kafkajs';

/** Outcome of one readiness probe: ready, or the reason it is not (yet). */
export type ProbeResult = { ready: true } | { ready: false; reason: string };

/**
 * Asks the broker what a client would: metadata (describeCluster) and the topic list. Ready means
 * both answer and the broker advertises the address clients were given.
 */
export async function probeBroker(host: string, port: number): Promise<ProbeResult> {
  const kafka = new Kafka({
    clientId: 'tapedeck-readiness',
    brokers: [`${host}:${port}`],
    connectionTimeout: 1_000,
    requestTimeout: 2_000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    await admin.listTopics();
    const advertised = cluster.brokers.some((b) => b.host === host && b.port === port);
    return advertised
      ? { ready: true }
      : { ready: false, reason: `broker advertises ${JSON.stringify(cluster.brokers)}` };
  } catch (error) {
    return { ready: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Probes until the broker is ready. Resolves null when ready; otherwise the last reason, once
 * `deadline` passes or `gaveUp()` says waiting is pointless (the JVM exited).
 */
export async function waitForBroker(
  host: string,
  port: number,
  options: { deadline: number; pollMs: number; gaveUp: () => boolean },
): Promise<string | null> {
  let reason = 'no probe ran';
  while (Date.now() < options.deadline && !options.gaveUp()) {
    const result = await probeBroker(host, port);
    if (result.ready) return null;
    reason = result.reason;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
  return reason;
}
