import * as Comlink from 'comlink';
import type { EngineApi } from './contract.ts';
import { errorData } from './errors.ts';

/**
 * The engine as the worker exposes it: every method of the contract, called once `engine` is
 * ready (so the worker can expose this before DuckDB has loaded), with the typed arrays of each
 * result moved to the caller (Comlink.transfer) rather than copied. Results must therefore own
 * their buffers. Errors cross as engine error data (code, message, cause) — see `errorData`.
 */
export function transferringEngine(engine: Promise<EngineApi>): EngineApi {
  Comlink.transferHandlers.set('throw', engineErrorHandler());
  const call =
    (method: keyof EngineApi) =>
    async (...args: unknown[]): Promise<unknown> => {
      const target = await engine;
      const result: unknown = await (target[method] as (...a: unknown[]) => unknown).apply(
        target,
        args,
      );
      // Comlink keys transfers by object: a plain number or string crosses as it is.
      return typeof result === 'object' && result !== null
        ? Comlink.transfer(result, buffersOf(result))
        : result;
    };
  return new Proxy({} as EngineApi, {
    // `then` must stay undefined, or awaiting the proxy would call it.
    get: (_, method) =>
      typeof method === 'string' && method !== 'then' ? call(method as keyof EngineApi) : undefined,
  });
}

/**
 * Comlink's `throw` handler, keeping the engine error's code and cause: its default serializes
 * name, message and stack only, and its deserializer copies every field onto the rebuilt Error.
 */
function engineErrorHandler(): Comlink.TransferHandler<unknown, unknown> {
  const base = Comlink.transferHandlers.get('throw')!;
  return {
    canHandle: base.canHandle,
    serialize: (thrown) => {
      const [wire, transfer] = base.serialize(thrown) as [
        { isError: boolean; value: object },
        Transferable[],
      ];
      const { value } = thrown as { value: unknown };
      if (wire.isError) wire.value = { ...wire.value, ...errorData(value) };
      return [wire, transfer];
    },
    deserialize: base.deserialize,
  };
}

/** The distinct buffers of every typed array in a result (a buffer may be listed only once). */
function buffersOf(value: unknown, found = new Set<ArrayBuffer>(), depth = 0): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    found.add(value.buffer as ArrayBuffer);
  } else if (value !== null && typeof value === 'object' && depth < 8) {
    for (const item of Array.isArray(value) ? value : Object.values(value)) {
      buffersOf(item, found, depth + 1);
    }
  }
  return [...found];
}
