import type { EngineErrorCode, EngineErrorData } from './contract.ts';
import { duckdbMessage } from './sql/sql.ts';

/** An error of an engine call: a code, a message naming the input and the reason, the cause. */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  readonly code: EngineErrorCode;

  constructor(code: EngineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * Wraps `err` as an EngineError whose message starts with `context` (the input that failed).
 * An EngineError from deeper down keeps its code.
 */
export function engineError(code: EngineErrorCode, context: string, err: unknown): EngineError {
  const kept = err instanceof EngineError ? err.code : code;
  return new EngineError(kept, `${context}: ${duckdbMessage(err)}`, { cause: err });
}

/** Any thrown value as plain engine error data, to cross the worker boundary. */
export function errorData(err: unknown): EngineErrorData {
  if (err instanceof EngineError) {
    const cause = err.cause instanceof Error ? err.cause.message : undefined;
    return { name: 'EngineError', code: err.code, message: err.message, ...(cause && { cause }) };
  }
  return { name: 'EngineError', code: 'INTERNAL', message: duckdbMessage(err) };
}
