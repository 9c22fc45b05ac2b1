/** Why the embedded Flink could not be fetched or a job failed. */
export type FlinkErrorCode = 'TOOL_NOT_FOUND' | 'FETCH_FAILED' | 'JOB_FAILED';

/** An error of the embedded Flink; the message names the cause and carries the tail of its output. */
export class FlinkError extends Error {
  override readonly name = 'FlinkError';
  readonly code: FlinkErrorCode;

  constructor(code: FlinkErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
