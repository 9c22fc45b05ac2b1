import type { KafkaRecord } from '../../formats/index.ts';
import type { RecordingLineScanner } from '../ingest/scan/line-scan.ts';
import {
  MEMBER_FALSE,
  MEMBER_NULL,
  MEMBER_NUMBER,
  MEMBER_STRING,
  MEMBER_TRUE,
} from '../ingest/scan/payload-scan.ts';

const text = (b: Uint8Array, start: number, end: number) =>
  new TextDecoder().decode(b.subarray(start, end));

/**
 * What a line the fast scanner accepted says, in the terms of a decoded record (see
 * `decodedView`): the two must be equal for every line the scanner accepts.
 */
export function scannedView(scanner: RecordingLineScanner, b: Uint8Array) {
  const members: Array<[string, unknown]> = [];
  for (let m = 0; m < scanner.members; m++) {
    const name = scanner.memberName(scanner.topic, scanner.nameIds[m]!);
    const kind = scanner.kinds[m];
    const value =
      kind === MEMBER_STRING
        ? text(b, scanner.valueStarts[m]!, scanner.valueEnds[m]!)
        : kind === MEMBER_NUMBER
          ? scanner.numbers[m]
          : kind === MEMBER_TRUE
            ? true
            : kind === MEMBER_FALSE
              ? false
              : kind === MEMBER_NULL
                ? null
                : 'invalid kind';
    members.push([name, value]);
  }
  return {
    topic: scanner.topicName(scanner.topic),
    partition: scanner.partition,
    offset: BigInt(scanner.offset),
    timestamp: Number.isNaN(scanner.timestamp) ? null : scanner.timestamp,
    key: scanner.keyStart < 0 ? null : text(b, scanner.keyStart, scanner.keyEnd),
    traceparent:
      scanner.traceparentStart < 0
        ? null
        : text(b, scanner.traceparentStart, scanner.traceparentEnd),
    members: scanner.hasPayload ? members : null,
  };
}

/** The same, from the full decoder: the record, and its value's members as written. */
export function decodedView(r: KafkaRecord) {
  const traceparent = r.headers.find(([name]) => name === 'traceparent');
  return {
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    timestamp: r.timestamp,
    key: r.key,
    traceparent: traceparent ? traceparent[1] : null,
    members: r.value === null ? null : membersAsWritten(r.value),
  };
}

/** Top-level members of a JSON object text in text order (JSON.parse would reorder "1"-like names). */
function membersAsWritten(json: string): Array<[string, unknown]> {
  const object = JSON.parse(json) as Record<string, unknown>;
  const names = Object.keys(object);
  const positions = names.map((n) => [json.indexOf(JSON.stringify(n)), n] as const);
  return positions.sort((a, b) => a[0] - b[0]).map(([, n]) => [n, object[n]]);
}
