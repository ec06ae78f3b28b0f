#!/usr/bin/env bash
# Router benchmark (issue #4): storescu → Ferry (receive + route + store, journal on) against
# storescu → dcmtk storescp plainly writing the same objects, in the same run, on loopback.
#
#   bench/router.sh [RUNS]        (default 5 runs of each, alternating)
#
# Receivers, each fed the same folder by storescu over one association:
#   storescp        storescp -od DIR (one file per object, no routing, no durability promise)
#   storescp+exec   seed 000/004's architecture: storescp --exec-on-reception running a small shell script per
#                   file that reads PatientID/StudyInstanceUID with dcmdump and moves the file into a study folder
#   ferry/process   ferry run: default route, layout {PatientID}/{StudyDate}_{StudyTime}/{SeriesInstanceUID}/
#                   {SOPInstanceUID}.dcm, journal on, durability process
#   ferry/power     the same at durability power (fsync'd, group commit)
# over 1,000 MR slices of 128 KiB and 5,000 objects of 8 KiB (bench/make-objects.sh). Every run starts after
# `sync`, so one receiver's written-back files do not slow the next; storescp+exec runs once, last. A run counts until
# storescu has its last response; for Ferry the store actions run after the response, so the script also waits
# until Ferry's spool is empty and reports that time as "settled". Prints medians and ratios storescp/x (above 1:
# x is faster). Folders are set aside between runs (bench/set-aside.sh). Both Ferry daemons are warmed up
# until their JIT compilers are quiet (bench/warm.sh). Needs dcmtk.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/warm.sh"
source "$root/bench/set-aside.sh"
out=${BENCH_DIR:-$root/bench/out}
runs=${1:-5}
export TCP_NODELAY=1
base_port=${BASE_PORT:-11290}

"$root/bench/make-objects.sh" --standard "$out"
"$root/ferry" --version >/dev/null

work=$(mktemp -d)
pids=()
cleanup() {
  for level in process power; do "$root/ferry" stop --config "$work/$level.yaml" >/dev/null 2>&1 || true; done
  kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/sort.sh" <<'SCRIPT'
#!/bin/sh
# $1 = folder storescp wrote to, $2 = file name, $3 = sorted root: move the file into PatientID/StudyUID/
f="$1/$2"
set -- $(dcmdump -q +P PatientID +P StudyInstanceUID "$f" | sed -e 's/.*\[\(.*\)\].*/\1/') "$3" "$f"
mkdir -p "$3/$1/$2" && mv "$4" "$3/$1/$2/"
SCRIPT
chmod +x "$work/sort.sh"

port_scp=$base_port; port_exec=$((base_port + 1)); port_process=$((base_port + 2)); port_power=$((base_port + 3))
mkdir -p "$work/scp" "$work/exec/in" "$work/exec/sorted" "$work/process/data" "$work/power/data"
storescp -aet SCP -od "$work/scp" "$port_scp" >"$work/scp.log" 2>&1 &
pids+=($!)
storescp -aet SCP -od "$work/exec/in" --exec-on-reception "$work/sort.sh #p #f $work/exec/sorted" \
  "$port_exec" >"$work/exec.log" 2>&1 &
pids+=($!)
for level in process power; do
  port=$port_process; [[ $level == power ]] && port=$port_power
  cat >"$work/$level.yaml" <<YAML
data-directory: $work/$level/data
http: off
durability: $level
min-free-disk: 0
listeners:
  - {port: $port, ae-titles: [FERRY]}
routes:
  - {name: all, default: true, store: {folder: $work/$level/store}}
YAML
  "$root/ferry" start --config "$work/$level.yaml" >/dev/null
done
for port in "$port_scp" "$port_exec"; do
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
done

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
now() { date +%s%N; }
empty() { set_aside "$work/scp" "$work/exec/in" "$work/exec/sorted" "$work/process/store" "$work/power/store"; }
settle() { # waits until folder $1 holds $2 files
  while [[ $(find "$1" -type f 2>/dev/null | wc -l) -lt $2 ]]; do sleep 0.01; done
}
# run NAME PORT FILES... : one timed send; appends ms to $work/NAME and, once everything is placed, to NAME.settled
run() {
  local name=$1 port=$2 folder=$3 count=$4 start end
  shift 4
  start=$(now)
  storescu -aec "$([[ $name == ferry* ]] && echo FERRY || echo SCP)" 127.0.0.1 "$port" "$@" >/dev/null 2>&1
  end=$(now)
  echo $(( (end - start) / 1000000 )) >>"$work/t/$name"
  settle "$folder" "$count"
  echo $(( ($(now) - start) / 1000000 )) >>"$work/t/$name.settled"
}

# Ferry is a daemon: both instances are warmed up with whole passes of the MR slices until their JIT compilers are
# quiet (bench/warm.sh); each set then gets a short warm-up of 200 objects per receiver
mr=("$out/mr-1000x128k"/*.dcm)
for level in process power; do
  port=$port_process; [[ $level == power ]] && port=$port_power
  warm_pass() {
    storescu -aec FERRY 127.0.0.1 "$port" "${mr[@]}" >/dev/null 2>&1
    settle "$work/$level/store" "${#mr[@]}"
    empty
  }
  warm_until_quiet "ferry-$level" "$(cat "$work/$level/data/ferry.pid")" warm_pass
done

for set in mr-1000x128k small-5000x8k; do
  files=("$out/$set"/*.dcm)
  n=${#files[@]}
  mkdir -p "$work/t"
  for name in scp exec ferry-process ferry-power; do : >"$work/t/$name"; : >"$work/t/$name.settled"; done
  storescu -aec SCP 127.0.0.1 "$port_scp" "${files[@]:0:200}" >/dev/null 2>&1   # warm-up
  storescu -aec FERRY 127.0.0.1 "$port_process" "${files[@]:0:200}" >/dev/null 2>&1
  storescu -aec FERRY 127.0.0.1 "$port_power" "${files[@]:0:200}" >/dev/null 2>&1
  for _ in $(seq "$runs"); do
    empty; sync; run scp "$port_scp" "$work/scp" "$n" "${files[@]}"
    empty; sync; run ferry-process "$port_process" "$work/process/store" "$n" "${files[@]}"
    empty; sync; run ferry-power "$port_power" "$work/power/store" "$n" "${files[@]}"
  done
  # storescp --exec-on-reception is ten times slower: one run, last, so that its processes and their writes
  # (still being flushed after it) never overlap another receiver's run
  empty; sync; run exec "$port_exec" "$work/exec/sorted" "$n" "${files[@]}"
  sync
  scp=$(median <"$work/t/scp")
  echo "$set ($n objects, $runs runs, medians; ratio = storescp / x, above 1: faster than storescp)"
  for name in scp exec ferry-process ferry-power; do
    t=$(median <"$work/t/$name"); s=$(median <"$work/t/$name.settled")
    printf '  %-14s last response %6s ms  ratio %s   all placed %6s ms\n' "$name" "$t" "$(ratio "$scp" "$t")" "$s"
  done
done
