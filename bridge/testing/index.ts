export { readRecordingFile, startTestKafka, type TestKafka } from './test-kafka.ts';
