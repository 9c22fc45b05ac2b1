import { load } from './daily-curve.ts';
import { CONTROLLER_BROKER, type IncidentPlan } from './incident-plan.ts';
import { Rng } from './prng.ts';
import type { RecordSink } from './record-sink.ts';

const MINUTE = 60_000;
const BROKERS = [1, 2, 3];

/**
 * Emits the Kafka cluster's own health (seed 002): per broker per minute the JMX gauges the SLI
 * is built from, and one end-to-end probe per minute whose latency the consumer measured.
 * A minute is bad when OfflinePartitionsCount > 0 or UnderMinIsrPartitionCount > 0; only the
 * broker outage makes either non-zero. Short replica-lag episodes raise UnderReplicatedPartitions
 * alone, which does not make a minute bad.
 */
export function emitClusterHealth(sink: RecordSink, plan: IncidentPlan, seed: number): void {
  const rng = new Rng(seed, 'cluster');
  const outage = plan.brokerOutage;
  const peakUnderMinIsr = 12 + rng.int(20);
  let lag: { broker: number; until: number; partitions: number } | null = null;
  let probe = 0;
  for (let minute = Math.ceil(sink.start / MINUTE) * MINUTE; minute < sink.end; minute += MINUTE) {
    const busy = load(minute);
    const inOutage = outage !== undefined && minute >= outage.start && minute < outage.end;
    const offline =
      outage !== undefined && minute >= outage.offlineStart && minute < outage.offlineEnd;
    // rises quickly, recovers slowly: the shape of ISR shrinking and re-expanding
    const shape = inOutage
      ? Math.sin(
          Math.PI * (0.05 + 0.9 * ((minute - outage.start) / (outage.end - outage.start)) ** 0.7),
        )
      : 0;
    if (!lag && !inOutage && rng.chance(0.002)) {
      lag = {
        broker: rng.pick(BROKERS),
        until: minute + (1 + rng.int(3)) * MINUTE,
        partitions: 1 + rng.int(5),
      };
    }
    for (const broker of BROKERS) {
      let offlinePartitions = 0;
      let underMinIsr = 0;
      let underReplicated = 0;
      let p99 = rng.logNormal(9 + 10 * busy, 0.25);
      if (inOutage && broker === outage.broker) {
        underMinIsr = Math.max(1, Math.round(peakUnderMinIsr * shape));
        underReplicated = underMinIsr + rng.int(6);
        p99 = rng.logNormal(900, 0.5);
      } else if (inOutage) {
        underReplicated = Math.round(peakUnderMinIsr * shape * 0.5);
        p99 *= 3;
      } else if (lag && broker === lag.broker) {
        underReplicated = lag.partitions;
      }
      if (offline && broker === CONTROLLER_BROKER) offlinePartitions = 1 + rng.int(6);
      const value = JSON.stringify({
        broker,
        OfflinePartitionsCount: offlinePartitions,
        UnderMinIsrPartitionCount: underMinIsr,
        UnderReplicatedPartitions: underReplicated,
        ActiveControllerCount: broker === CONTROLLER_BROKER ? 1 : 0,
        RequestLatencyP99Ms: Math.round(p99 * 10) / 10,
      });
      sink.emit('cluster-metrics', 0, `broker-${broker}`, minute + rng.int(4000), value);
    }
    if (lag && minute + MINUTE >= lag.until) lag = null;

    const producedAt = minute + 1000 + rng.int(2000);
    const latency = offline
      ? rng.between(20_000, 55_000)
      : inOutage
        ? rng.logNormal(2500, 0.5)
        : rng.logNormal(12 + 10 * busy, 0.35);
    const consumedAt = producedAt + Math.max(1, Math.round(latency));
    const probeId = `probe-${++probe}`;
    const value = JSON.stringify({
      probeId,
      producedAt,
      consumedAt,
      latencyMs: consumedAt - producedAt,
    });
    sink.emit('e2e-probe', 0, probeId, producedAt, value);
  }
}
