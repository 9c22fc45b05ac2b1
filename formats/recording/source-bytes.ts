/** Slices an in-memory recording so no decoded block of text grows past V8's string limit. */
const ARRAY_SLICE_BYTES = 1 << 20;

/** The uncompressed bytes of a recording source, and how many source bytes have been read so far. */
export interface RecordingChunks {
  chunks: AsyncGenerator<Uint8Array>;
  bytesRead: () => number;
}

/**
 * The bytes of a recording, gunzipped when they start with the gzip magic bytes (0x1f 0x8b) —
 * told by content, never by file name. Uses DecompressionStream, present in browsers and Node 20.
 * Stopping the returned generator early cancels the source (closing its file, socket…).
 */
export function recordingChunks(source: Uint8Array | ReadableStream<Uint8Array>): RecordingChunks {
  let read = 0;
  const stream = source instanceof Uint8Array ? arrayStream(source) : source;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    const reader = stream.getReader();
    const head: Uint8Array[] = [];
    let headLength = 0;
    let sourceDone = false;
    while (headLength < 2 && !sourceDone) {
      const next = await reader.read();
      if (next.done) sourceDone = true;
      else {
        head.push(next.value);
        headLength += next.value.length;
        read += next.value.length;
      }
    }
    let sourceFailed = false;
    // Hands out the peeked head first, then the rest of the source, counting bytes read.
    const nextChunk = async (): Promise<Uint8Array | undefined> => {
      if (head.length > 0) return head.shift();
      if (sourceDone) return undefined;
      try {
        const next = await reader.read();
        if (next.done) sourceDone = true;
        else read += next.value.length;
        return next.value;
      } catch (err) {
        sourceFailed = true;
        throw err;
      }
    };

    try {
      if (!startsWithGzipMagic(head)) {
        for (let c = await nextChunk(); c !== undefined; c = await nextChunk()) yield c;
        return;
      }
      const compressed = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const chunk = await nextChunk();
          if (chunk === undefined) controller.close();
          else controller.enqueue(chunk);
        },
        cancel: (reason) => reader.cancel(reason),
      });
      const gunzip = new DecompressionStream('gzip') as ReadableWritablePair<
        Uint8Array,
        Uint8Array
      >;
      try {
        yield* streamChunks(compressed.pipeThrough(gunzip));
      } catch (err) {
        if (sourceFailed) throw err;
        throw new Error(`gzip recording is corrupt or truncated: ${(err as Error).message}`, {
          cause: err,
        });
      }
    } finally {
      // A failed cancel must not hide the error that ended the read.
      if (!sourceDone) await reader.cancel().catch(() => undefined);
    }
  }
  return { chunks: chunks(), bytesRead: () => read };
}

function startsWithGzipMagic(head: Uint8Array[]): boolean {
  const first: number[] = [];
  for (const chunk of head) {
    for (let i = 0; i < chunk.length && first.length < 2; i++) first.push(chunk[i]!);
  }
  return first[0] === 0x1f && first[1] === 0x8b;
}

function arrayStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) controller.close();
      else controller.enqueue(bytes.subarray(at, (at += ARRAY_SLICE_BYTES)));
    },
  });
}

/** Reads a stream chunk by chunk; stopping early cancels the stream. */
async function* streamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    while (true) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
  }
}
