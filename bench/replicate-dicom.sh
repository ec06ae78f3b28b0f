#!/usr/bin/env bash
# A DICOM node as replication source and destination (issue #19): dcmqrscp holding N small MR instances (default
# 10,000 in 10 studies of 10 series); timed: DicomSource's listing of all (C-FIND study, series, image), the
# "nothing to copy" presence pass of DicomPresence over all of them (batches of 500), and fetching all with C-GET per
# instance on PARALLEL associations (default 4), beside dcmtk's getscu fetching the same instances one C-GET per
# study in the same run.
#
#   bench/replicate-dicom.sh [N] [PARALLEL]
#
# Needs dcmtk. The machine's load counts: compare the figures of one run only.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${BENCH_DIR:-$root/bench/out}/replicate-dicom
cd "$root"
export TCP_NODELAY=1
# One reactor run (never `mvn install`): the modules' classes come from their target/ folders.
mvn -B -q -o test-compile dependency:build-classpath -pl router -am -Dmdep.includeScope=test \
    -Dmdep.excludeGroupIds=ferry -Dmdep.outputFile="$root/router/target/bench-test-classpath.txt" >&2
cp="$root/router/target/test-classes:$root/router/target/classes:$root/dicom-net/target/classes"
cp="$cp:$root/dicom-core/target/classes:$root/dicom-core/target/test-classes"
cp="$cp:$(cat "$root/router/target/bench-test-classpath.txt")"
rm -rf "$out"
java -cp "$cp" -Dlogback.configurationFile="$root/bench/logback-quiet.xml" \
    ferry.router.replicate.DicomReplicationBench "$out" "$@"
rm -rf "$out"
