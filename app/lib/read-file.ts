/** Reads a picked or dropped file in the browser, with progress: nothing leaves the machine. */
import { parseLabels } from '../../formats/index.ts';

/** A file as far as reading goes (a browser `File` is one; so is Node's). */
export interface ReadableFile {
  name: string;
  size: number;
  stream(): ReadableStream<Uint8Array>;
  text(): Promise<string>;
}

/**
 * The bytes of `file`, read as a stream so `onProgress(done, total)` can follow a large file.
 * Fails with an Error naming the file and the reason (it vanished, was changed, is unreadable).
 */
export async function readFileBytes(
  file: ReadableFile,
  onProgress?: (done: number, total: number) => void,
): Promise<Uint8Array> {
  try {
    const out = new Uint8Array(file.size);
    let done = 0;
    const reader = file.stream().getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      if (done + r.value.length > out.length) {
        throw new Error(`it grew past the ${file.size} bytes it had when chosen`);
      }
      out.set(r.value, done);
      done += r.value.length;
      onProgress?.(done, file.size);
    }
    return done === out.length ? out : out.subarray(0, done);
  } catch (error) {
    throw new Error(`could not read "${file.name}": ${reasonOf(error)}`, { cause: error });
  }
}

/**
 * The text of a labels file, checked against the labels format so a bad one is named here (the
 * engine only sees the text).
 */
export async function readLabelsText(file: ReadableFile): Promise<string> {
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    throw new Error(`could not read "${file.name}": ${reasonOf(error)}`, { cause: error });
  }
  parseLabels(text, file.name);
  return text;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
