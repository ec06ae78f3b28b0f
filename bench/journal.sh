#!/usr/bin/env bash
# Journal micro-benchmark (issue #4): records/s of Journal.recordReceived with 1, 4 and 16 calling threads at
# durability process and power, records per transaction (group commit) and fsyncs per record.
#
#   bench/journal.sh [SECONDS]      (default 3 seconds per run; journals under bench/out/journal, deleted after)
#
# Each record's 8 KiB spool file is written just before it is recorded, as the receive pipeline does, so the
# figures include that write (and at power its fsync). Set STRACE=1 to count the real fsync/fdatasync calls of
# the whole run with strace (slows it down; use it for the counts, not the rates).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${BENCH_DIR:-$root/bench/out}/journal
seconds=${1:-3}
cd "$root"
source "$root/bench/classpath.sh"
cp=$(bench_classpath)
rm -rf "$out"
if [[ ${STRACE:-} == 1 ]]; then
  strace -f -c -e trace=fsync,fdatasync -o "$out.strace" java -cp "$cp" ferry.router.journal.JournalBench "$out" "$seconds"
  cat "$out.strace"
else
  java -cp "$cp" ferry.router.journal.JournalBench "$out" "$seconds"
fi
rm -rf "$out"
