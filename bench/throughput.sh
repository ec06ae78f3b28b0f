#!/usr/bin/env bash
# Throughput where hospitals need it (issue #23): many senders at once, small and large objects, both durability
# levels, against storescp (plain and --fork) and Orthanc, in one run, alternating the receivers.
#
#   bench/throughput.sh [RUNS]     (default 3)
#
# For each object set (SETS, default "mr-1000x128k small-5000x8k"), each number of senders (SENDERS, default
# "1 4 8 32") and each kind of sender (KINDS, default "storescu ferry": storescu processes, each with its share of
# the files, or one `ferry send --parallel N`), every receiver (RECEIVERS, default "scp scp-fork ferry-process
# ferry-power orthanc") gets the whole set RUNS times, alternating; a run ends when the last object is stored (a file
# in storescp's or Ferry's store folder, an instance in Orthanc's index). Prints per case and receiver the median
# time, min-max, objects/s, the ratio against plain storescp and against storescp --fork, and the receiver's CPU per
# object (its processes' user + system time from /proc, children included: storescp --fork's children, Ferry's
# threads, Orthanc's). Ferry runs with its defaults (index on). Needs dcmtk and orthanc (Debian's packages).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-3}
sets=${SETS:-mr-1000x128k small-5000x8k}
senders_list=${SENDERS:-1 4 8 32}
kinds=${KINDS:-storescu ferry}
receivers=${RECEIVERS:-scp scp-fork ferry-process ferry-power orthanc}
# the Ferry receivers asked for: ferry-LEVEL, or ferry-LEVEL-b (the same level, started from the built checkout $B,
# default this one, with FERRY_JAVA_OPTS=$BOPTS and the top-level YAML lines $BYAML, e.g. 'index: off': an A/B of a
# change or a setting in the same run)
ferries=(); for x in $receivers; do [[ $x == ferry-* ]] && ferries+=("$x"); done
source "$here/bench/warm.sh"
source "$here/bench/set-aside.sh"
source "$here/bench/index-ferry.sh"
out=${BENCH_DIR:-$here/bench/out}
"$here/bench/make-objects.sh" --standard "$out"
export TCP_NODELAY=1
work=$(mktemp -d)
pids=()
orthanc_pid=
root_of() { if [[ $1 == *-b ]]; then echo "${B:-$here}"; else echo "$here"; fi; }
cleanup() {
  for x in "${ferries[@]}"; do "$(root_of "$x")/ferry" stop --config "$work/$x.yaml" >/dev/null 2>&1 || true; done
  kill "${pids[@]}" $orthanc_pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"
}
trap cleanup EXIT
declare -A port=([scp]=$(free_port) [scp-fork]=$(free_port) [orthanc]=$(free_port)) \
  aet=([scp]=SCP [scp-fork]=SCP [orthanc]=ORTHANC)
for x in "${ferries[@]}"; do port[$x]=$(free_port); aet[$x]=FERRY; done
orthanc_http=$(free_port)
mkdir -p "$work/scp" "$work/scp-fork"
storescp -aet SCP -od "$work/scp" "${port[scp]}" >/dev/null 2>&1 & pids+=($!); scp_pid=$!
storescp --fork -aet SCP -od "$work/scp-fork" "${port[scp-fork]}" >/dev/null 2>&1 & pids+=($!); fork_pid=$!
for x in "${ferries[@]}"; do
  level=${x#ferry-}; level=${level%-b}; opts=; extra=; [[ $x == *-b ]] && { opts=${BOPTS:-}; extra=${BYAML:-}; }
  mkdir -p "$work/$x/data"
  cat >"$work/$x.yaml" <<YAML
$extra
http: off
data-directory: $work/$x/data
durability: $level
min-free-disk: 0
listeners:
  - {port: ${port[$x]}, ae-titles: [FERRY]}
routes:
  - {name: all, default: true, store: {folder: $work/$x/store}}
YAML
  FERRY_JAVA_OPTS=$opts "$(root_of "$x")/ferry" start --config "$work/$x.yaml" >/dev/null
done
# orthanc_start: a fresh Orthanc (SQLite index, storage on disk, no plugins) on its ports; its pid in $orthanc_pid
orthanc_start() {
  [[ -n $orthanc_pid ]] && { kill "$orthanc_pid" 2>/dev/null || true; wait "$orthanc_pid" 2>/dev/null || true; }
  set_aside "$work/orthanc"
  cat >"$work/orthanc.json" <<JSON
{ "Name": "bench", "StorageDirectory": "$work/orthanc", "IndexDirectory": "$work/orthanc", "HttpPort": $orthanc_http,
  "DicomPort": ${port[orthanc]}, "DicomAet": "ORTHANC", "RemoteAccessAllowed": true, "AuthenticationEnabled": false,
  "Plugins": [], "StorageCompression": false, "DicomThreadsCount": 32 }
JSON
  Orthanc "$work/orthanc.json" >"$work/orthanc.log" 2>&1 &
  orthanc_pid=$!
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$orthanc_http/system" >/dev/null && return; sleep 0.1; done
  echo "Orthanc did not start: $(tail -5 "$work/orthanc.log")" >&2; exit 1
}
pid_of() {
  case $1 in
    scp) echo "$scp_pid" ;; scp-fork) echo "$fork_pid" ;; orthanc) echo "$orthanc_pid" ;;
    ferry-*) cat "$work/$1/data/ferry.pid" ;;
  esac
}
# cpu_ms PID: user + system time of PID and its waited-for children so far, in ms
cpu_ms() { sed 's/.*) //' "/proc/$1/stat" | awk -v hz="$(getconf CLK_TCK)" '{ printf "%d\n", ($12 + $13 + $14 + $15) * 1000 / hz }'; }
stored() {
  case $1 in
    orthanc) curl -sf "http://127.0.0.1:$orthanc_http/statistics" | python3 -c 'import json,sys; print(json.load(sys.stdin)["CountInstances"])' ;;
    scp|scp-fork) find "$work/$1" -type f | wc -l ;;
    *) find "$work/$1/store" -type f 2>/dev/null | wc -l ;;
  esac
}
# empty RECEIVER: the stores emptied for the next run, their files set aside until the bench ends (set-aside.sh)
empty() {
  local f
  set_aside "$work/scp" "$work/scp-fork"
  for f in "${ferries[@]}"; do set_aside "$work/$f/store"; done
  if [[ $1 == orthanc ]]; then orthanc_start; fi
  sync
}
# send RECEIVER KIND N FILES...: N senders of KIND share the files
send() {
  local to=$1 kind=$2 n=$3 k children=(); shift 3
  local files=("$@") each=$(( ($# + n - 1) / n ))
  if [[ $kind == ferry ]]; then
    "$here/ferry" send --parallel "$n" "${aet[$to]}@127.0.0.1:${port[$to]}" "${files[@]}" >"$work/send.log" 2>&1 \
      || { echo "$to: $(tail -1 "$work/send.log")" >>"$work/t/failed"; }
    return 0
  fi
  for ((k = 0; k < n; k++)); do
    (( k * each < $# )) || break
    storescu -aec "${aet[$to]}" 127.0.0.1 "${port[$to]}" "${files[@]:$((k * each)):$each}" >/dev/null 2>&1 &
    children+=($!)
  done
  for k in "${children[@]}"; do wait "$k" || echo "$to: a storescu failed" >>"$work/t/failed"; done
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
now() { date +%s%N; }
mr=("$out/mr-1000x128k"/*.dcm)
for x in "${ferries[@]}"; do
  warm_pass() { send "$x" storescu 4 "${mr[@]}"; while (( $(stored "$x") < ${#mr[@]} )); do sleep 0.01; done; empty "$x"; }
  warm_until_quiet "$x" "$(pid_of "$x")" warm_pass
done
if [[ " $receivers " == *" orthanc "* ]]; then orthanc_start; fi
echo "$(nproc) cores; $(storescp --version 2>&1 | head -1); Orthanc $(Orthanc --version 2>&1 | head -1 | awk '{print $NF}'); $runs runs"
for set in $sets; do
  files=("$out/$set"/*.dcm); total=${#files[@]}
  for n in $senders_list; do
    for kind in $kinds; do
      rm -rf "$work/t"; mkdir -p "$work/t"
      for _ in $(seq "$runs"); do
        for x in $receivers; do
          empty "$x"; p=$(pid_of "$x"); c=$(cpu_ms "$p"); s=$(now)
          send "$x" "$kind" "$n" "${files[@]}"
          # what a failed sender did not send is never stored: end when nothing more comes for 10 s
          last=-1; quiet=$(now)
          while (( $(stored "$x") < total )); do
            got=$(stored "$x")
            if (( got != last )); then last=$got; quiet=$(now); elif (( ($(now) - quiet) > 10000000000 )); then break; fi
            sleep 0.01
          done
          echo $(( ($(now) - s) / 1000000 )) >>"$work/t/$x"
          echo $(( $(cpu_ms "$p") - c )) >>"$work/t/$x.cpu"
        done
      done
      scp=$(median 2>/dev/null <"$work/t/scp" || echo 0); fork=$(median 2>/dev/null <"$work/t/scp-fork" || echo 0)
      [[ -f $work/t/failed ]] && echo "$set $n $kind: sends failed, their times include 10 s of waiting: $(sort -u "$work/t/failed" | paste -sd';')"
      for x in $receivers; do
        t=$(median <"$work/t/$x"); cpu=$(median <"$work/t/$x.cpu")
        printf '%s %2d %-8s %-13s %6d ms (%s) %5.0f/s  vs storescp %s  vs --fork %s  CPU %.3f ms/object\n' \
          "$set" "$n" "$kind" "$x" "$t" "$(sort -n "$work/t/$x" | sed -n '1p;$p' | paste -sd-)" \
          "$(awk -v n=$total -v t=$t 'BEGIN{print n * 1000 / t}')" \
          "$(awk -v a=$scp -v b=$t 'BEGIN{ if (a) printf "%.2f", a/b; else print "-" }')" \
          "$(awk -v a=$fork -v b=$t 'BEGIN{ if (a) printf "%.2f", a/b; else print "-" }')" \
          "$(awk -v c=$cpu -v n=$total 'BEGIN{print c / n}')"
      done
    done
  done
done
