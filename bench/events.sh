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
# One reactor run (never `mvn install`): the modules' classes come from their target/ folders.
mvn -B -q -o test-compile dependency:build-classpath -pl router -am -Dmdep.includeScope=runtime \
    -Dmdep.excludeGroupIds=ferry -Dmdep.outputFile="$root/router/target/bench-classpath.txt" >&2
cp="$root/router/target/test-classes:$root/router/target/classes:$root/dicom-net/target/classes"
cp="$cp:$root/dicom-core/target/classes:$(cat "$root/router/target/bench-classpath.txt")"
java -Dlogback.configurationFile="$root/bench/logback-quiet.xml" -cp "$cp" ferry.router.events.EventsBench "$seconds"
