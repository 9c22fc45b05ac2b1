/**
 * What every folder shares, browser-safe and importing nothing else of Tapedeck's: the record,
 * the labels file, the duration grammar, the recording format (kcat `-J` NDJSON) and the live wire
 * protocol between the bridge and the app. The lowest layer of the data flow
 * (formats → scenarios → bridge → engine → app; `cli/` composes bridge and engine).
 */
export type { KafkaRecord, Incident, LabelsFile, TraceBreakLabel } from './record.ts';
export { parseLabels } from './labels-file.ts';
export { formatDuration, parseDuration, type ParseDurationOptions } from './duration.ts';
export { encodeEnvelope, decodeEnvelope, RecordingLineError } from './recording/kcat-envelope.ts';
export {
  readRecording,
  readAllRecording,
  readRecordingBlocks,
  parseRecordingLine,
  lineStop,
} from './recording/reader.ts';
export type { MalformedLine, RecordingBatch, ReadRecordingOptions } from './recording/reader.ts';
export {
  LIVE_PATH,
  MAX_CREDIT,
  WIRE_PROTOCOL,
  WireMessageError,
  parseClientMessage,
  parseServerMessage,
  type ClientMessage,
  type CreditMessage,
  type GapMessage,
  type HelloMessage,
  type LiveState,
  type PartitionResume,
  type PartitionStatus,
  type ServerMessage,
  type StartMessage,
  type StatusMessage,
  type WireError,
  type WireErrorCode,
} from './wire/protocol.ts';
export { decodeBatchFrame, encodeBatchFrame, type BatchFrame } from './wire/batch-frame.ts';
export {
  LIVE_CLIENT_DEFAULTS,
  connectLive,
  liveSessionFromLocation,
  type ConnectLiveOptions,
  type LiveClientState,
  type LiveConnection,
  type WebSocketLike,
} from './wire/live-client.ts';
