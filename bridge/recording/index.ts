/**
 * The recording format, browser-safe: kcat `-J` envelopes and a streaming reader. Node callers
 * that write or open files import `./file.ts` directly.
 */
export { encodeEnvelope, decodeEnvelope, RecordingLineError } from './kcat-envelope.ts';
export { readRecording, readAllRecording } from './reader.ts';
export type { MalformedLine, RecordingBatch, ReadRecordingOptions } from './reader.ts';
