#!/usr/bin/env bash
# Replication benchmark (issue #19), figures in docs/performance.md:
#
#   bench/replicate.sh [COUNT] [PRESENT] [ROUNDS]
#
# COUNT (default 1,000) MR instances (bench/make-objects.sh, 128 KiB of pixels) copied from one Orthanc to another
# (Debian's Orthanc, loopback, no plugins), three ways in the same run, each into an empty destination:
#   naive   Orthanc's sample replication: list the source, GET each file, POST it to the destination, one at a time
#   peer    Orthanc's own transfer, POST /peers/{peer}/store of every instance (one job)
#   ferry   ferry replicate --from http://SRC --to http://DST (--parallel 4)
# then the "nothing to copy" second run: ferry replicate again over PRESENT (default 10,000) small instances that
# both Orthancs hold, with a fresh record (so the destination is asked about each).
# ROUNDS (default 3) rounds of the three, alternating; medians. Ratios: naive/ferry and peer/ferry (above 1: Ferry is
# faster). The machine's load counts: compare one run's figures.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${BENCH_DIR:-$root/bench/out}
count=${1:-1000}
present=${2:-10000}
rounds=${3:-3}
src_port=${SRC_PORT:-18142}
dst_port=${DST_PORT:-18143}
helper="$root/bench/orthanc-replicate.py"

[[ -d $out/mr-${count}x128k ]] || "$root/bench/make-objects.sh" "$out/mr-${count}x128k" "$count" 131072
[[ -d $out/small-${present}x1k ]] || "$root/bench/make-objects.sh" "$out/small-${present}x1k" "$present" 1024
"$root/ferry" --version >/dev/null

work=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# orthanc NAME HTTP_PORT: a fresh Orthanc with its own storage; its pid in $orthanc_pid
orthanc() {
  local name=$1 port=$2
  rm -rf "$work/$name"; mkdir -p "$work/$name"
  cat >"$work/$name.json" <<JSON
{ "Name": "$name", "StorageDirectory": "$work/$name", "IndexDirectory": "$work/$name", "HttpPort": $port,
  "DicomPort": $((port + 100)), "RemoteAccessAllowed": true, "AuthenticationEnabled": false, "Plugins": [],
  "OrthancPeers": { "dst": [ "http://127.0.0.1:$dst_port/" ] }, "StorageCompression": false }
JSON
  Orthanc "$work/$name.json" >"$work/$name.log" 2>&1 &
  orthanc_pid=$!
  pids+=("$orthanc_pid")
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/system" >/dev/null && return; sleep 0.1; done
  echo "Orthanc $name did not start: $(tail -5 "$work/$name.log")" >&2; exit 1
}
restart_destination() { kill "$dst_pid" 2>/dev/null || true; wait "$dst_pid" 2>/dev/null || true; orthanc dst "$dst_port"; dst_pid=$orthanc_pid; }
ms() { local s; s=$(date +%s%N); "$@" >"$work/last.out" 2>&1; echo $(( ($(date +%s%N) - s) / 1000000 )); }
count_at() { "$helper" count "http://127.0.0.1:$1"; }

orthanc src "$src_port"; src_pid=$orthanc_pid
orthanc dst "$dst_port"; dst_pid=$orthanc_pid
"$helper" upload "http://127.0.0.1:$src_port" "$out/mr-${count}x128k"/*.dcm
mkdir -p "$work/data"; printf 'data-directory: %s/data\n' "$work" >"$work/ferry.yaml"

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
naives=(); peers=(); ferries=()
for round in $(seq "$rounds"); do
  restart_destination
  naives+=("$(ms "$helper" naive "http://127.0.0.1:$src_port" "http://127.0.0.1:$dst_port")")
  [[ $(count_at "$dst_port") == "$count" ]] || { echo "naive copied $(count_at "$dst_port") of $count" >&2; exit 1; }
  restart_destination
  peers+=("$(ms "$helper" peer "http://127.0.0.1:$src_port" dst)")
  [[ $(count_at "$dst_port") == "$count" ]] || { echo "peer copied $(count_at "$dst_port") of $count" >&2; exit 1; }
  restart_destination
  rm -rf "$work/data"; mkdir -p "$work/data"
  ferries+=("$(ms "$root/ferry" replicate -c "$work/ferry.yaml" --from "http://127.0.0.1:$src_port" --to "http://127.0.0.1:$dst_port" --parallel 4)")
  cat "$work/last.out"
  [[ $(count_at "$dst_port") == "$count" ]] || { echo "ferry copied $(count_at "$dst_port") of $count" >&2; exit 1; }
  echo "round $round: naive ${naives[-1]} ms, peer ${peers[-1]} ms, ferry ${ferries[-1]} ms"
done
naive=$(printf '%s\n' "${naives[@]}" | median); peer=$(printf '%s\n' "${peers[@]}" | median)
ferry=$(printf '%s\n' "${ferries[@]}" | median)
echo "$count MR instances Orthanc → Orthanc, medians of $rounds: naive ${naive} ms, Orthanc peer ${peer} ms,"\
  "ferry replicate ${ferry} ms; naive/ferry $(awk -v a="$naive" -v b="$ferry" 'BEGIN { printf "%.2f", a / b }'),"\
  "peer/ferry $(awk -v a="$peer" -v b="$ferry" 'BEGIN { printf "%.2f", a / b }')"

# nothing to copy: both hold the same PRESENT instances; a new record, so every instance is asked about
restart_destination
kill "$src_pid"; wait "$src_pid" 2>/dev/null || true; orthanc src "$src_port"; src_pid=$orthanc_pid
"$helper" upload "http://127.0.0.1:$src_port" "$out/small-${present}x1k"/*.dcm
"$helper" upload "http://127.0.0.1:$dst_port" "$out/small-${present}x1k"/*.dcm
rm -rf "$work/data"; mkdir -p "$work/data"
nothing=$(ms "$root/ferry" replicate -c "$work/ferry.yaml" --from "http://127.0.0.1:$src_port" --to "http://127.0.0.1:$dst_port")
cat "$work/last.out"
echo "nothing to copy over $present instances: ${nothing} ms"
