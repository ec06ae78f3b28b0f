#!/usr/bin/env bash
# QIDO-RS round trips through a running Ferry (issue #21), figures in docs/performance.md ("DICOMweb"):
#
#   bench/dicomweb.sh [N] [RUNS]   an index of N synthetic instances (default 1,000,000; IndexBench, made once under
#                                  bench/out/qr-N/ as bench/qr.sh makes it, whose query times it prints first: the
#                                  index alone), Ferry started on it, then RUNS (default 25) curl requests of each
#                                  query after 5 warm-up ones; each time is curl's time_total (connection, request,
#                                  every match as DICOM JSON, end), the median and the slowest reported.
#
# The queries are those of docs/performance.md's index table, as QIDO-RS asks them (each study with its numbers of
# related series and instances, as PS3.18 Table 10.6.3-3 says a study match carries). The machine's load counts:
# compare the figures of one run only.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${BENCH_DIR:-$root/bench/out}
n=${1:-1000000}
runs=${2:-25}
work="$out/qr-$n"
mkdir -p "$work/data"
cd "$root"
"$root/ferry" --version >/dev/null   # build now
source "$root/bench/classpath.sh"
cp=$(bench_classpath)
echo "== the index alone (IndexBench: a read-only connection per query, every match read)"
java -cp "$cp" ferry.router.index.IndexBench "$work/data/ferry.db" "$n"
source "$root/bench/index-ferry.sh"
web=$(free_port)
ferry_on_index "$work" "{port: $web}"

studies=$((n / 25))
patient=$(printf 'PID-%07d' $((studies / 4)))
accession=$(printf 'ACC-%08d' $((studies / 3)))
base="http://127.0.0.1:$web/dicom-web"
get() { curl -sS -o /dev/null -w '%{time_total}\n' -H 'Accept: application/dicom+json' "$base$1"; }
matches() { curl -sS -H 'Accept: application/dicom+json' "$base$1" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
bench() {
  local name=$1 path=$2
  for _ in 1 2 3 4 5; do get "$path" >/dev/null; done   # warm the JIT and the page cache
  local times; times=$(for _ in $(seq "$runs"); do get "$path"; done | sort -n)
  printf '%-52s %6s matches  median %7.1f ms  max %7.1f ms\n' "$name" "$(matches "$path")" \
    "$(awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] * 1000 }' <<<"$times")" \
    "$(tail -1 <<<"$times" | awk '{ print $1 * 1000 }')"
}
echo "== QIDO-RS through Ferry ($runs runs each; load average $(cut -d' ' -f1-3 /proc/loadavg))"
bench "PatientID, IMAGE level" "/instances?PatientID=$patient"
bench "AccessionNumber, STUDY level" "/studies?AccessionNumber=$accession"
bench "StudyDate range of a month, STUDY level" "/studies?StudyDate=20240101-20240131"
bench "Modality + StudyDate range of a month, SERIES level" "/series?Modality=CT&StudyDate=20240101-20240131"
bench "Modality + one StudyDate, IMAGE level" "/instances?Modality=MR&StudyDate=20230615"
bench "PatientName wild card, STUDY level" "/studies?PatientName=name%5E${patient:4:5}*"
bench "every study (the first 1,000: the default limit)" "/studies"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
