#!/usr/bin/env bash
# Prefetch the Apache Kafka jars (Maven, into .cache/kafka or $TAPEDECK_KAFKA_CACHE) so that the
# broker tests do not spend their timeout on a cold download. Same code path as `tapedeck kafka`.
set -euo pipefail
cd "$(dirname "$0")/.."
node bin/tapedeck.js kafka --fetch-only
