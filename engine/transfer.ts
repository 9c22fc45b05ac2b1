import * as Comlink from 'comlink';
import type { EngineApi, Frame, SourceSummary } from './api.ts';

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
  };
}

function summary(s: SourceSummary): SourceSummary {
  return Comlink.transfer(s, [s.histogram.counts.buffer]);
}

function frame(f: Frame): Frame {
  const buffers = new Set<ArrayBuffer>();
  for (const metric of f.metrics) {
    for (const series of metric.series) {
      buffers.add(series.times.buffer as ArrayBuffer);
      buffers.add(series.values.buffer as ArrayBuffer);
    }
  }
  return Comlink.transfer(f, [...buffers]);
}
