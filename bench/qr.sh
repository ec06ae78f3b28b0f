#!/usr/bin/env bash
# C-FIND round trip from dcmtk's findscu to Ferry's query/retrieve SCP (issue #18), figures in docs/performance.md:
#
#   bench/qr.sh [N] [RUNS]   an index of N synthetic instances (default 1,000,000; IndexBench, made once under
#                            bench/out/qr-N/), Ferry started on it with query-retrieve: on, then RUNS (default 25)
#                            findscu runs of each query; each time is the whole findscu process (start, association,
#                            query, all matches, release), beside echoscu's (start, association, C-ECHO, release)
#                            in the same run: what the query itself costs is the difference.
#
# Needs dcmtk. The machine's load counts: compare the figures of one run only.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${BENCH_DIR:-$root/bench/out}
n=${1:-1000000}
runs=${2:-25}
export TCP_NODELAY=1
work="$out/qr-$n"
mkdir -p "$work/data"
cd "$root"
"$root/ferry" --version >/dev/null   # build now
if [[ ! -f $work/data/ferry.db ]]; then
  source "$root/bench/classpath.sh"
  cp=$(bench_classpath)
  java -cp "$cp" ferry.router.index.IndexBench "$work/data/ferry.db" "$n" >&2
fi
source "$root/bench/index-ferry.sh"
ferry_on_index "$work" off on
port=$dicom_port

studies=$((n / 25))
patient=$(printf 'PID-%07d' $((studies / 4)))
accession=$(printf 'ACC-%08d' $((studies / 3)))
ms() { local s; s=$(date +%s%N); "$@" >/dev/null 2>&1; echo $(( ($(date +%s%N) - s) / 100000 )); }  # tenths of ms
median() { sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 10 }'; }
find_() { findscu -aec FERRY "$@" 127.0.0.1 "$port"; }
count() { findscu -v -aec FERRY "$@" 127.0.0.1 "$port" 2>&1 | grep -c "Find Response:" || true; }
bench() {
  local name=$1; shift
  for _ in 1 2 3; do ms "$@" >/dev/null; done   # warm the JIT and the page cache
  local times; times=$(for _ in $(seq "$runs"); do ms "$@"; done)
  printf '%-52s median %7s ms  (%s)\n' "$name" "$(median <<<"$times")" "${matches:-}"
}
matches="" bench "echoscu (no query: the baseline)" echoscu -aec FERRY 127.0.0.1 "$port"
q=(-S -k QueryRetrieveLevel=STUDY -k "PatientID=$patient" -k StudyInstanceUID -k StudyDate -k PatientName)
matches="$(count "${q[@]}") matches" bench "patient ID, STUDY level" find_ "${q[@]}"
q=(-S -k QueryRetrieveLevel=STUDY -k "AccessionNumber=$accession" -k StudyInstanceUID -k ModalitiesInStudy)
matches="$(count "${q[@]}") matches" bench "accession number, STUDY level" find_ "${q[@]}"
q=(-S -k QueryRetrieveLevel=STUDY -k StudyDate=20240101-20240131 -k StudyInstanceUID -k PatientID)
matches="$(count "${q[@]}") matches" bench "study date range (a month), STUDY level" find_ "${q[@]}"
q=(-S -k QueryRetrieveLevel=SERIES -k Modality=CT -k StudyDate=20240101-20240131 -k SeriesInstanceUID)
matches="$(count "${q[@]}") matches" bench "modality + date range (a month), SERIES level" find_ "${q[@]}"
q=(-P -k QueryRetrieveLevel=IMAGE -k "PatientID=$patient" -k SOPInstanceUID -k InstanceNumber)
matches="$(count "${q[@]}") matches" bench "patient ID, IMAGE level (Patient Root)" find_ "${q[@]}"
