#!/usr/bin/env bash
# Memory benchmark (issue #16): the resident memory of `ferry run` with the launcher's defaults for a service
# (docs/operations.md#memory), sampled every half second from /proc while
#   1. a mixed soak runs for SOAK_SECONDS (default 600): four storescu senders at once, in a loop, two with
#      MR slices of 128 KiB (200 per association) and two with objects of 8 KiB (1,000 per association),
#      into a route that stores (collision: overwrite, so the store keeps its size) and forwards every MR slice to
#      a storescp through the durable queue;
#   2. one large multi-frame object of LARGE_MB (default 2048) MiB is received.
# Prints the peak resident memory (VmHWM) and the largest sampled VmRSS of each phase, the heap after a full GC,
# and the bound the launcher sets. FERRY_JAVA_OPTS is passed on, so other settings can be compared.
#
#   bench/memory.sh [SOAK_SECONDS] [LARGE_MB]
#
# Needs dcmtk; about LARGE_MB + 1 GB of free disk in BENCH_DIR (default
# bench/out).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${BENCH_DIR:-$root/bench/out}
soak=${1:-600}
large_mb=${2:-2048}
export TCP_NODELAY=1
base_port=${BASE_PORT:-11340}

[[ -d $out/mr-200x128k ]] || "$root/bench/make-objects.sh" "$out/mr-200x128k" 200 131072
[[ -d $out/small-1000x8k ]] || "$root/bench/make-objects.sh" "$out/small-1000x8k" 1000 8192
large=$out/large-${large_mb}m/large.dcm
if [[ ! -f $large ]]; then
  # one US cine loop of 512x512 RGB frames (768 KiB each) of about LARGE_MB MiB, streamed to disk by ferry make
  rm -rf "${large%/*}.making"
  "$root/ferry" make --study --flat --modality US --instances 1 --matrix 512x512 --frames $((large_mb * 4 / 3)) \
    --pattern noise --seed 1122 --date 20261122 -o "${large%/*}.making" >&2
  mkdir -p "${large%/*}"
  mv "${large%/*}.making/US00001.dcm" "$large"
  rm -rf "${large%/*}.making"
fi
"$root/ferry" --version >/dev/null

work=$(mktemp -d "${out}/memory.XXXXXX")
pids=()
cleanup() {
  "$root/ferry" stop --config "$work/ferry.yaml" >/dev/null 2>&1 || true
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port=$base_port
scp_port=$((base_port + 1))
mkdir -p "$work/scp" "$work/data"
storescp -aet SCP -od "$work/scp" "$scp_port" >"$work/scp.log" 2>&1 &
pids+=($!)
cat >"$work/ferry.yaml" <<YAML
data-directory: $work/data
http: off
min-free-disk: 0
listeners:
  - {port: $port, ae-titles: [FERRY], max-associations: 16}
destinations:
  scp: {dicom: {ae-title: SCP, host: 127.0.0.1, port: $scp_port}}
routes:
  - name: mr
    when: {Rows: 256}
    store: {folder: $work/store, collision: overwrite}
    forward: [scp]
    continue: false
  - name: other
    default: true
    store: {folder: $work/store, collision: overwrite}
YAML
"$root/ferry" start --config "$work/ferry.yaml" >/dev/null
pid=$(cat "$work/data/ferry.pid")
echo "ferry run, pid $pid, JVM options: $(tr '\0' ' ' </proc/"$pid"/cmdline | grep -o -- ' -X[^ ]*' | tr -d '\n')"

kib() { awk -v k="$1" 'BEGIN { printf "%.0f MB", k / 1024 }'; }
sample() { # prints the largest VmRSS seen until the file $1 appears
  local max=0 rss
  while [[ ! -e $1 ]]; do
    rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    ((rss > max)) && max=$rss
    sleep 0.5
  done
  echo "$max"
}
hwm() { awk '/^VmHWM/ { print $2 }' "/proc/$pid/status"; }

echo "--- soak: 4 senders for ${soak} s"
sample "$work/soak.done" >"$work/soak.rss" &
sampler=$!
end=$((SECONDS + soak))
sender() {
  local folder=$1 count=0
  while ((SECONDS < end)); do
    storescu -aet SENDER -aec FERRY +sd 127.0.0.1 "$port" "$folder" >/dev/null 2>&1 || echo "storescu failed" >&2
    count=$((count + 1))
  done
  echo "$count"
}
sender "$out/mr-200x128k" >"$work/s1" &
s1=$!
sender "$out/mr-200x128k" >"$work/s2" &
s2=$!
sender "$out/small-1000x8k" >"$work/s3" &
s3=$!
sender "$out/small-1000x8k" >"$work/s4" &
s4=$!
wait "$s1" "$s2" "$s3" "$s4"
touch "$work/soak.done"
wait "$sampler"
passes=$(($(cat "$work/s1") + $(cat "$work/s2") + $(cat "$work/s3") + $(cat "$work/s4")))
echo "soak: $passes associations, largest resident $(kib "$(cat "$work/soak.rss")"), peak (VmHWM) $(kib "$(hwm)")"

echo "--- one object of ${large_mb} MiB"
before=$(hwm)
sample "$work/large.done" >"$work/large.rss" &
sampler=$!
storescu -aet SENDER -aec FERRY 127.0.0.1 "$port" "$large" >/dev/null
touch "$work/large.done"
wait "$sampler"
echo "large object: largest resident $(kib "$(cat "$work/large.rss")"), peak (VmHWM) $(kib "$(hwm)") (before: $(kib "$before"))"

jcmd "$pid" GC.run >/dev/null 2>&1 || true
echo "heap after a full GC: $(jcmd "$pid" GC.heap_info 2>/dev/null | awk '/garbage-first heap|def new generation|total/ { print; exit }')"
