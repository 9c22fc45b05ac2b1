import * as Comlink from 'comlink';
import type { EngineApi, Frame, Series, SourceSummary } from './contract.ts';

/**
 * The engine as the worker exposes it: the same calls, with the typed arrays of each result
 * moved to the caller (Comlink.transfer) rather than copied. Calls wait until `engine` is ready,
 * so the worker can expose this before DuckDB has finished loading.
 */
export function transferringEngine(engine: Promise<EngineApi>): EngineApi {
  return {
    loadScenario: async (params, onProgress) =>
      summary(await (await engine).loadScenario(params, onProgress)),
    loadRecording: async (bytes, name, labels, onProgress) =>
      summary(await (await engine).loadRecording(bytes, name, labels, onProgress)),
    frame: async (time) => frame(await (await engine).frame(time)),
    timeAfter: async (time, records) => (await engine).timeAfter(time, records),
    query: async (sql) => (await engine).query(sql),
    startLive: async (name) => summary(await (await engine).startLive(name)),
    appendLive: async (bytes) => (await engine).appendLive(bytes),
    loadWorkbook: async (text, name) => (await engine).loadWorkbook(text, name),
    getWorkbook: async () => (await engine).getWorkbook(),
    sli: async (id, time) => {
      const s = await (await engine).sli(id, time);
      const all = [
        s.minutes,
        s.rolling.sli,
        s.rolling.badMinutes,
        s.rolling.budgetLeft,
        s.rolling.burnRate,
      ];
      return Comlink.transfer(s, buffersOf([...all, ...s.burnRates.map((b) => b.series)]));
    },
    alerts: async (time) => (await engine).alerts(time),
  };
}

function summary(s: SourceSummary): SourceSummary {
  return Comlink.transfer(s, [s.histogram.counts.buffer]);
}

function frame(f: Frame): Frame {
  const series = [...f.metrics.flatMap((m) => m.series), ...(f.slis ?? []).map((s) => s.minutes)];
  return Comlink.transfer(f, buffersOf(series));
}

/** The distinct buffers of some series (a buffer may be listed only once in a transfer). */
function buffersOf(series: readonly Series[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const s of series) {
    buffers.add(s.times.buffer as ArrayBuffer);
    buffers.add(s.values.buffer as ArrayBuffer);
  }
  return [...buffers];
}
