#!/usr/bin/env bash
# Event publishing micro-benchmark (issue #21): what the receive pipeline's InstanceReceived costs per instance,
# made and published to no listener, to ferry status's counters and the event log, and with the Prometheus metrics
# too, on 1 and 2 threads (ns and bytes allocated per instance). docs/performance.md has the figures.
#
#   bench/events.sh [SECONDS]      (default 2 seconds per run, after a warm-up of half that)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-2}
cd "$root"
source "$root/bench/classpath.sh"
cp=$(bench_classpath)
java -Dlogback.configurationFile="$root/bench/logback-quiet.xml" -cp "$cp" ferry.router.events.EventsBench "$seconds"
