#!/usr/bin/env bash
# A/B of two Ferry checkouts at one durability (issue #4): storescu -> storescp, -> Ferry A, -> Ferry B, runs
# alternating, in the same run, so that a change is judged against the version before it on the same machine state.
#
#   bench/router-ab.sh [RUNS] A_CHECKOUT B_CHECKOUT     (default 5 runs; LEVEL=power|process, default power)
#
# Each checkout is a built Ferry repository (its ./ferry is started). Both daemons are warmed until their JIT
# compilers are quiet (bench/warm.sh). Prints per set the median time and ratio storescp/x of each receiver and every
# run's time. SETS picks the object sets (default both); AOPTS/BOPTS are FERRY_JAVA_OPTS for A/B; ACONFIG/BCONFIG are
# top-level configuration lines added to A's/B's file (e.g. "index: off"; A and B may then be one checkout). BPOLL=URL
# (B's web server, e.g. http://127.0.0.1:18080) asks B what an open dashboard asks every 3 s, and scrapes /metrics every
# 15 s as Prometheus would, for the whole run (docs/performance.md). Needs dcmtk (and curl for BPOLL).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-5}; A=$(cd "${2:?A_CHECKOUT}" && pwd); B=$(cd "${3:?B_CHECKOUT}" && pwd)
sets=${SETS:-mr-1000x128k small-5000x8k}
source "$here/bench/warm.sh"
source "$here/bench/set-aside.sh"
out=${BENCH_DIR:-$here/bench/out}
"$here/bench/make-objects.sh" --standard "$out"
export TCP_NODELAY=1
work=$(mktemp -d)
pids=()
cleanup() {
  "$A/ferry" stop --config "$work/a.yaml" >/dev/null 2>&1 || true
  "$B/ferry" stop --config "$work/b.yaml" >/dev/null 2>&1 || true
  kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/scp" "$work/a/data" "$work/b/data"
storescp -aet SCP -od "$work/scp" 11390 >/dev/null 2>&1 & pids+=($!)
declare -A port=([a]=11391 [b]=11392) rootof=([a]=$A [b]=$B)
for x in a b; do
extra=ACONFIG; [[ $x == b ]] && extra=BCONFIG
# the web server off unless the extra lines set it (two Ferrys cannot both have the default port 8080)
web=$([[ ${!extra:-} == *http:* ]] || echo "http: off")
cat >"$work/$x.yaml" <<YAML
${!extra:-}
$web
data-directory: $work/$x/data
durability: ${LEVEL:-power}
min-free-disk: 0
listeners:
  - {port: ${port[$x]}, ae-titles: [FERRY]}
routes:
  - {name: all, default: true, store: {folder: $work/$x/store}}
YAML
opts=AOPTS; [[ $x == b ]] && opts=BOPTS; FERRY_JAVA_OPTS="${!opts:-}" "${rootof[$x]}/ferry" start --config "$work/$x.yaml" >/dev/null
done
if [[ -n ${BPOLL:-} ]]; then
  # the six calls of a dashboard refresh (router/src/main/resources/ferry/web/ui/dashboard.js), and a scrape
  ( i=0; while true; do
      for path in api/status 'api/queue?listed=20' 'api/studies?limit=20' 'api/notifications?limit=20' \
          'api/received/per-minute?minutes=60' 'api/log?limit=80'; do curl -s -o /dev/null "$BPOLL/$path"; done
      (( i++ % 5 == 0 )) && curl -s -o /dev/null "$BPOLL/metrics"
      sleep 3
    done ) & pids+=($!)
fi
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
now() { date +%s%N; }
empty() { set_aside "$work/scp" "$work/a/store" "$work/b/store"; }
settle() { while [[ $(find "$1" -type f 2>/dev/null | wc -l) -lt $2 ]]; do sleep 0.01; done; }
run() { local name=$1 p=$2 folder=$3 n=$4 s; shift 4; s=$(now)
  storescu -aec "$([[ $name == scp ]] && echo SCP || echo FERRY)" 127.0.0.1 "$p" "$@" >/dev/null 2>&1
  echo $(( ($(now) - s) / 1000000 )) >>"$work/t/$name"; settle "$folder" "$n"; }
mr=("$out/mr-1000x128k"/*.dcm)
for x in a b; do
  warm_pass() { storescu -aec FERRY 127.0.0.1 "${port[$x]}" "${mr[@]}" >/dev/null 2>&1; settle "$work/$x/store" "${#mr[@]}"; empty; }
  warm_until_quiet "ferry-$x" "$(cat "$work/$x/data/ferry.pid")" warm_pass
done
for set in $sets; do
  files=("$out/$set"/*.dcm); n=${#files[@]}
  mkdir -p "$work/t"; : >"$work/t/scp"; : >"$work/t/a"; : >"$work/t/b"
  for _ in $(seq "$runs"); do
    empty; sync; run scp 11390 "$work/scp" "$n" "${files[@]}"
    empty; sync; run a "${port[a]}" "$work/a/store" "$n" "${files[@]}"
    empty; sync; run b "${port[b]}" "$work/b/store" "$n" "${files[@]}"
  done
  scp=$(median <"$work/t/scp")
  for x in scp a b; do t=$(median <"$work/t/$x"); echo "$set $x $t ms ratio $(awk -v a=$scp -v b=$t 'BEGIN{printf "%.2f", a/b}') all: $(tr '\n' ' ' <"$work/t/$x")"; done
done
