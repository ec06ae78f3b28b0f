#!/usr/bin/env bash
# Relay benchmark (issue #6): storescu → Ferry → storescp against storescu → storescp directly, same run.
#
#   bench/relay.sh [RUNS] [SET]      (default 5 runs, set mr-1000x128k; objects made once by bench/make-objects.sh)
#
# Ferry runs as `./ferry run` with a route that forwards everything to storescp (durability process, the queue in
# its database, the spool file released once delivered, the destination's max-parallel as a user leaves it: 2,
# or FERRY_MAX_PARALLEL). Both kinds of run last from storescu's start until the destination's storescp holds
# every object and wrote the last one (the newest file's time, read once all are there): the last object's
# arrival is the user's latency. Ferry is warmed up first until its JIT compiler is quiet (bench/warm.sh). Runs
# alternate; medians; ratio = direct / relay (1.0: the relay is as fast as sending directly).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/warm.sh"
source "$root/bench/set-aside.sh"
out=${BENCH_DIR:-$root/bench/out}
runs=${1:-5}
set_name=${2:-mr-1000x128k}
export TCP_NODELAY=1
ferry_port=${FERRY_PORT:-11192}
scp_port=${SCP_PORT:-11193}
direct_port=${DIRECT_PORT:-11194}   # a second storescp: it serves one association at a time, and Ferry keeps one open
max_parallel=${FERRY_MAX_PARALLEL:-2}

case $set_name in
  mr-1000x128k) [[ -d $out/$set_name ]] || "$root/bench/make-objects.sh" "$out/$set_name" 1000 131072 ;;
  small-5000x8k) [[ -d $out/$set_name ]] || "$root/bench/make-objects.sh" "$out/$set_name" 5000 8192 ;;
esac
files=("$out/$set_name"/*.dcm)
count=${#files[@]}
"$root/ferry" --version >/dev/null

work=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/storescp" "$work/direct" "$work/data"
cat >"$work/ferry.yaml" <<YAML
data-directory: $work/data
http: off
listeners:
  - {port: $ferry_port, ae-titles: [FERRY]}
destinations:
  scp: {dicom: {ae-title: SCP, host: 127.0.0.1, port: $scp_port, max-parallel: $max_parallel}}
routes:
  - name: relay
    forward: [scp]
YAML
storescp -aet SCP --output-directory "$work/storescp" "$scp_port" >"$work/storescp.log" 2>&1 &
pids+=($!)
storescp -aet SCP --output-directory "$work/direct" "$direct_port" >"$work/direct.log" 2>&1 &
pids+=($!)
"$root/ferry" run --config "$work/ferry.yaml" >"$work/ferry.log" 2>&1 &
ferry_pid=$!   # the launcher execs the JVM: the same process
pids+=($ferry_pid)
for port in "$ferry_port" "$scp_port" "$direct_port"; do
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
done

stored() { find "${1:-$work/storescp}" -type f | wc -l; }
# waits until storescp's folder $1 holds every object (polling slowly, so as not to compete for the CPU)
await_all() { while (( $(stored "$1") < count )); do sleep 0.1; done; }
# when the storescp writing into $1 wrote its last file (ns): the end of a run, read from the files' times once all
# are there
last_written() { find "$1" -type f -printf '%T@\n' | sort -n | tail -1 | awk '{ printf "%.0f", $1 * 1e9 }'; }
empty() { set_aside "$work/storescp" "$work/direct"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
now() { date +%s%N; }

# warm-up: whole relays until Ferry's JIT compiler is quiet (bench/warm.sh), one pass through the direct path
relay_pass() {
  storescu -aec FERRY 127.0.0.1 "$ferry_port" "${files[@]}" >/dev/null 2>&1
  await_all "$work/storescp"
  empty
}
warm_until_quiet ferry "$ferry_pid" relay_pass
storescu -aec SCP 127.0.0.1 "$direct_port" "${files[@]}" >/dev/null 2>&1
: >"$work/relay.ms"; : >"$work/direct.ms"
for _ in $(seq "$runs"); do
  empty; sync
  start=$(now)
  storescu -aec FERRY 127.0.0.1 "$ferry_port" "${files[@]}" >/dev/null 2>&1
  await_all "$work/storescp"
  echo $(( ($(last_written "$work/storescp") - start) / 1000000 )) >>"$work/relay.ms"
  empty; sync
  start=$(now)
  storescu -aec SCP 127.0.0.1 "$direct_port" "${files[@]}" >/dev/null 2>&1
  await_all "$work/direct"
  echo $(( ($(last_written "$work/direct") - start) / 1000000 )) >>"$work/direct.ms"
done
relay=$(median <"$work/relay.ms"); direct=$(median <"$work/direct.ms")
echo "$set_name: storescu→ferry→storescp ${relay} ms (runs: $(tr '\n' ' ' <"$work/relay.ms")), storescu→storescp ${direct} ms (runs: $(tr '\n' ' ' <"$work/direct.ms")), ratio direct/relay $(ratio "$direct" "$relay")"
"$root/ferry" queue --config "$work/ferry.yaml" | head -3
