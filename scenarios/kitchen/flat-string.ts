/**
 * Returns `text` flattened. A string built by concatenation is a tree of pieces in V8 (a "cons
 * string"); reading one character makes it one flat string, so a kept record holds one string
 * rather than a dozen pieces for the garbage collector to copy. A no-op where that does not apply.
 */
export function flatten(text: string): string {
  text.charCodeAt(0);
  return text;
}
