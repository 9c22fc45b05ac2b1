/**
 * The live wire protocol, browser-safe: control messages, binary batch frames, and the browser
 * client that keeps the credit loop going and reconnects. The server side is Node-only
 * (`bridge/serve/live-endpoint.ts`).
 */
export {
  LIVE_PATH,
  MAX_CREDIT,
  WIRE_PROTOCOL,
  WireMessageError,
  parseClientMessage,
  parseServerMessage,
  type ClientMessage,
  type CreditMessage,
  type HelloMessage,
  type LiveState,
  type PartitionResume,
  type PartitionStatus,
  type ServerMessage,
  type StartMessage,
  type StatusMessage,
  type WireError,
  type WireErrorCode,
} from './protocol.ts';
export { decodeBatchFrame, encodeBatchFrame, type BatchFrame } from './batch-frame.ts';
export {
  LIVE_CLIENT_DEFAULTS,
  connectLive,
  liveSessionFromLocation,
  type ConnectLiveOptions,
  type LiveClientState,
  type LiveConnection,
  type WebSocketLike,
} from './live-client.ts';
