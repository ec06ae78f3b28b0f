#!/usr/bin/env bash
# Network benchmark (issue #3): Ferry against dcmtk in the same run, on loopback.
#
#   bench/network.sh [--send-only] [RUNS]        (default 5 runs of each, alternating)
#
# --send-only skips the receive runs (for quick rounds on the sender). The receivers write into a fresh folder
# under $TMPDIR (default /tmp); TMPDIR=/dev/shm takes the disk out of the measurement.
#
# receive: storescu → ferry receive   against   storescu → storescp   (both write one file per object)
# send:    ferry send → storescp      against   storescu → storescp
# over 1,000 MR slices of 128 KiB and 5,000 objects of 8 KiB (made once with bench/make-objects.sh).
# Prints the median wall time of each and the ratio dcmtk/ferry (above 1: Ferry is faster). The receivers
# get one warm-up send first (a long-running server is warm). Needs dcmtk.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/set-aside.sh"
out=${BENCH_DIR:-$root/bench/out}
send_only=0
if [[ ${1:-} == --send-only ]]; then send_only=1; shift; fi
runs=${1:-5}
export TCP_NODELAY=1
ferry_port=${FERRY_PORT:-11190}
scp_port=${SCP_PORT:-11191}

"$root/bench/make-objects.sh" --standard "$out"
"$root/ferry" --version >/dev/null

work=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/ferry" "$work/storescp"
ports=("$scp_port")
if (( !send_only )); then
  "$root/ferry" receive --port "$ferry_port" --aet FERRY --dir "$work/ferry" >"$work/ferry.log" 2>&1 &
  pids+=($!)
  ports+=("$ferry_port")
fi
storescp -aet SCP --output-directory "$work/storescp" "$scp_port" >"$work/storescp.log" 2>&1 &
pids+=($!)
for port in "${ports[@]}"; do
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
done

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
millis() { local start end; start=$(date +%s%N); "$@" >/dev/null 2>&1; end=$(date +%s%N); echo "$(( (end - start) / 1000000 ))"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# Empties both folders and writes back what is still dirty (as bench/router.sh does), so that the disk's
# write-back of one run's files does not land in the next one's time.
empty() { set_aside "$work/ferry" "$work/storescp"; sync; }
# Fails unless folder $1 holds one file per object sent (a run that sent nothing must not pass as a fast one).
arrived() {
  local n; n=$(find "$1" -type f | wc -l)
  (( n == ${#files[@]} )) || { echo "network.sh: $n of ${#files[@]} objects arrived in $1" >&2; exit 1; }
}

for set in mr-1000x128k small-5000x8k; do
  files=("$out/$set"/*.dcm)
  (( send_only )) || storescu -aec FERRY 127.0.0.1 "$ferry_port" "${files[@]:0:200}" >/dev/null 2>&1   # warm-up
  storescu -aec SCP 127.0.0.1 "$scp_port" "${files[@]:0:200}" >/dev/null 2>&1
  : >"$work/rf"; : >"$work/rs"; : >"$work/sf"; : >"$work/ss"
  for _ in $(seq "$runs"); do
    if (( !send_only )); then
      empty; millis storescu -aec FERRY 127.0.0.1 "$ferry_port" "${files[@]}" >>"$work/rf"; arrived "$work/ferry"
      empty; millis storescu -aec SCP 127.0.0.1 "$scp_port" "${files[@]}" >>"$work/rs"; arrived "$work/storescp"
    fi
    empty; millis "$root/ferry" send SCP@127.0.0.1:"$scp_port" "$out/$set" >>"$work/sf"; arrived "$work/storescp"
    empty; millis storescu -aec SCP 127.0.0.1 "$scp_port" "${files[@]}" >>"$work/ss"; arrived "$work/storescp"
  done
  sf=$(median <"$work/sf"); ss=$(median <"$work/ss")
  if (( !send_only )); then
    rf=$(median <"$work/rf"); rs=$(median <"$work/rs")
    echo "$set receive: storescu→ferry ${rf} ms, storescu→storescp ${rs} ms, ratio storescp/ferry $(ratio "$rs" "$rf")"
  fi
  echo "$set send:    ferry send→storescp ${sf} ms, storescu→storescp ${ss} ms, ratio storescu/ferry $(ratio "$ss" "$sf")"
done
