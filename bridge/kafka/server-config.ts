import { randomBytes } from 'node:crypto';

/** What a single-node KRaft server.properties needs to know. */
export interface ServerConfigInput {
  host: string;
  /** Client (PLAINTEXT) port. */
  port: number;
  controllerPort: number;
  /** Absolute folder for partition logs and KRaft metadata. */
  logDirs: string;
}

/**
 * server.properties for one combined broker+controller. The quorum is static
 * (`controller.quorum.voters`) rather than dynamic, because a dynamic quorum records the
 * controller's endpoint in the metadata log and the controller port is re-picked on every start.
 */
export function serverProperties(input: ServerConfigInput): string {
  const { host, port, controllerPort, logDirs } = input;
  const entries: [string, string | number][] = [
    ['process.roles', 'broker,controller'],
    ['node.id', 1],
    ['controller.quorum.voters', `1@${host}:${controllerPort}`],
    ['listeners', `PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort}`],
    ['advertised.listeners', `PLAINTEXT://${host}:${port}`],
    ['controller.listener.names', 'CONTROLLER'],
    ['inter.broker.listener.name', 'PLAINTEXT'],
    ['listener.security.protocol.map', 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT'],
    ['log.dirs', logDirs],
    ['num.partitions', 1],
    ['auto.create.topics.enable', 'true'],
    ['offsets.topic.replication.factor', 1],
    ['offsets.topic.num.partitions', 1],
    ['transaction.state.log.replication.factor', 1],
    ['transaction.state.log.min.isr', 1],
    ['share.coordinator.state.topic.replication.factor', 1],
    ['share.coordinator.state.topic.min.isr', 1],
    ['min.insync.replicas', 1],
    ['group.initial.rebalance.delay.ms', 0],
    // After a hard kill the restarted broker cannot register until its old session expires
    // (default 9 s); one local node can afford a shorter session.
    ['broker.heartbeat.interval.ms', 1000],
    ['broker.session.timeout.ms', 4000],
  ];
  const header = '# Written by Tapedeck on every start; edits are overwritten.';
  return [
    header,
    ...entries.map(([key, value]) => `${key}=${escapeValue(String(value))}`),
    '',
  ].join('\n');
}

/** Java properties treat backslashes as escapes, which Windows paths are full of. */
function escapeValue(value: string): string {
  return value.replaceAll('\\', '\\\\');
}

/** Log4j 2 config: everything at INFO to stdout, which the launcher points at the log file. */
export function log4jProperties(): string {
  return [
    'status = warn',
    // The launcher owns shutdown; Log4j's own hook would stop logging mid-shutdown.
    'shutdownHook = disable',
    'appender.out.type = Console',
    'appender.out.name = out',
    'appender.out.target = SYSTEM_OUT',
    'appender.out.layout.type = PatternLayout',
    'appender.out.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.out.ref = out',
    'logger.state-change.name = state.change.logger',
    'logger.state-change.level = WARN',
    'logger.request.name = kafka.request.logger',
    'logger.request.level = WARN',
    '',
  ].join('\n');
}

/**
 * A Kafka cluster id: 16 random bytes, URL-safe base64 without padding (22 characters). Like
 * Kafka's Uuid.randomUuid it never starts with '-', which command-line parsers take for an option.
 */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
