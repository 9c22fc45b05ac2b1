import { load } from './daily-curve.ts';
import { CONTROLLER_BROKER } from './incident-labels.ts';
import type { BrokerTrouble, IncidentPlan } from './incident-types.ts';
import { Rng } from './prng.ts';
import type { RecordSink } from './record-sink.ts';

const MINUTE = 60_000;
const BROKERS = [1, 2, 3];

/**
 * Emits the Kafka cluster's own health (seed 002): per broker per minute the JMX gauges the SLI
 * is built from, and one end-to-end probe per minute whose latency the consumer measured.
 * A minute is bad when OfflinePartitionsCount > 0 or UnderMinIsrPartitionCount > 0; only a
 * broker outage makes either non-zero. Short replica-lag episodes and rolling restarts (the
 * near-misses) raise UnderReplicatedPartitions alone, which does not make a minute bad; the probe
 * has the odd slow minute (a GC pause), always well under a second.
 */
export function emitClusterHealth(sink: RecordSink, plan: IncidentPlan, seed: number): void {
  const rng = new Rng(seed, 'cluster');
  const troubles = plan.brokerTroubles;
  let next = 0;
  let lag: { broker: number; until: number; partitions: number } | null = null;
  let probe = 0;
  for (let minute = Math.ceil(sink.start / MINUTE) * MINUTE; minute < sink.end; minute += MINUTE) {
    const busy = load(minute);
    while (next < troubles.length && troubles[next]!.end <= minute) next++;
    const t: BrokerTrouble | undefined =
      next < troubles.length && troubles[next]!.start <= minute ? troubles[next] : undefined;
    const offline = t !== undefined && minute >= t.offlineStart && minute < t.offlineEnd;
    // rises quickly, recovers slowly: the shape of ISR shrinking and re-expanding
    const shape = t
      ? Math.sin(Math.PI * (0.05 + 0.9 * ((minute - t.start) / (t.end - t.start)) ** 0.7))
      : 0;
    if (!lag && !t && rng.chance(0.002)) {
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
      if (t && t.nearMiss && broker === t.broker) {
        underReplicated = Math.max(1, Math.round(20 * shape));
        p99 *= 4;
      } else if (t && broker === t.broker) {
        underMinIsr = Math.max(1, Math.round(t.peakUnderMinIsr * shape));
        underReplicated = underMinIsr + rng.int(6);
        p99 = rng.logNormal(900, 0.5);
      } else if (t && !t.nearMiss) {
        underReplicated = Math.round(t.peakUnderMinIsr * shape * 0.5);
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
      : t
        ? rng.logNormal(t.probeMs, t.nearMiss ? 0.3 : 0.5)
        : rng.chance(0.004)
          ? rng.between(150, 700)
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
