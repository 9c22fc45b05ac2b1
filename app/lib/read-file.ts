/**
 * Reads a picked or dropped labels file in the browser: nothing leaves the machine. (A
 * recording is streamed by the engine itself: `EngineApi.loadRecording` takes the `File`.)
 */
import { parseLabels } from '../../formats/index.ts';

/** A file as far as reading its text goes (a browser `File` is one). */
export interface ReadableFile {
  name: string;
  text(): Promise<string>;
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
