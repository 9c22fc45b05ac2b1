/**
 * The recording format, browser-safe: kcat `-J` envelopes and a streaming reader. Node callers
 * that write or open files import `./file.ts` directly.
 */
export { encodeEnvelope, decodeEnvelope, RecordingLineError } from './kcat-envelope.ts';
export {
  readRecording,
  readAllRecording,
  readRecordingBlocks,
  parseRecordingLine,
  lineStop,
} from './reader.ts';
export type { MalformedLine, RecordingBatch, ReadRecordingOptions } from './reader.ts';
export { RecordingLineScanner } from './line-scan.ts';
export {
  MEMBER_NULL,
  MEMBER_NUMBER,
  MEMBER_TRUE,
  MEMBER_FALSE,
  MEMBER_STRING,
} from './payload-scan.ts';
