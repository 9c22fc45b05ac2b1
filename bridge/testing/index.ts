export { readRecordingFile, startTestKafka, type TestKafka } from './test-kafka.ts';
export { startLiveHarness, type LiveHarness } from './live-harness.ts';
