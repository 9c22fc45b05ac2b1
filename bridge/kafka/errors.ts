/** Why the local Kafka broker could not be fetched, started or stopped. */
export type KafkaBrokerErrorCode =
  | 'JAVA_NOT_FOUND'
  | 'MAVEN_NOT_FOUND'
  | 'MAVEN_FAILED'
  | 'PORT_IN_USE'
  | 'DATA_DIR_IN_USE'
  | 'FORMAT_FAILED'
  | 'BROKER_EXITED'
  | 'NOT_READY'
  | 'INVALID_OPTION';

/** An error of the local broker tooling; the message names the input and the reason. */
export class KafkaBrokerError extends Error {
  override readonly name = 'KafkaBrokerError';
  readonly code: KafkaBrokerErrorCode;

  constructor(code: KafkaBrokerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Indents a block of output (a log or Maven tail) under an error message. */
export function indentTail(lines: readonly string[]): string {
  return lines.map((line) => `  | ${line}`).join('\n');
}
