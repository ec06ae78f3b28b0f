#!/usr/bin/env bash
# Notification latency (issue #5): 20 studies arrive together over parallel associations into an in-process Ferry
# whose route mails each completed study to GreenMail (an SMTP server in the same JVM). Prints, per study, the
# time from its last C-STORE response to its mail being in the inbox, minus the quiet period: median, 99th
# percentile and maximum.
#
#   bench/notify-latency.sh [ROUNDS] [STUDIES] [OBJECTS] [QUIET_SECONDS]     (default 3 20 50 2)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${BENCH_DIR:-$root/bench/out}/notify-latency
cd "$root"
# One reactor run (never `mvn install`): the modules' classes come from their target/ folders.
mvn -B -q -o test-compile dependency:build-classpath -pl router -am -Dmdep.includeScope=test \
    -Dmdep.excludeGroupIds=ferry -Dmdep.outputFile="$root/router/target/bench-test-classpath.txt" >&2
cp="$root/router/target/test-classes:$root/router/target/classes:$root/dicom-net/target/classes"
cp="$cp:$root/dicom-core/target/classes:$root/dicom-core/target/test-classes"
cp="$cp:$(cat "$root/router/target/bench-test-classpath.txt")"
rm -rf "$out"
java -cp "$cp" -Dlogback.configurationFile="$root/bench/logback-quiet.xml" \
    ferry.router.study.CompletionLatencyBench "$out" "$@"
rm -rf "$out"
