/**
 * A worker that fetches and compiles one WebAssembly module (its URL is the one message it
 * gets) and posts the module back, or `{ error }`. The engine's worker starts DuckDB-WASM's
 * module here so it compiles while that worker is busy generating the demo: compiling while
 * streaming needs its own thread free to feed it the bytes.
 */
self.addEventListener(
  'message',
  (event: MessageEvent<string>) => {
    WebAssembly.compileStreaming(fetch(event.data)).then(
      (module) => self.postMessage({ module }),
      (err: unknown) =>
        self.postMessage({ error: `${event.data}: ${err instanceof Error ? err.message : err}` }),
    );
  },
  { once: true },
);
