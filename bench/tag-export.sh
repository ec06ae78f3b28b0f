#!/usr/bin/env bash
# Tag export benchmark (issue #18): events/s from Ferry's forwarding queue to a local HEC-compatible sink
# (bench/hec-sink.py), beside the same sink fed the same request bodies by a plain HTTP client, same run.
#
#   bench/tag-export.sh [RUNS] [COUNT]     (default 4 runs, the first a warm-up; 20000 objects of 8 KiB)
#
# Ferry runs as `./ferry run` with a route that forwards the tags of everything to a splunk-hec destination
# (shape simplified, batch-size 100, max-parallel 2: the defaults). Each run: the sink holds the requests it gets
# without answering while storescu sends COUNT objects, so their jobs wait in the queue (no failure, no retry
# wait); then it answers, and the run lasts from its first answer to the answer that completes COUNT events (the
# sink's monotonic clock), while nothing else runs. The export rate is COUNT
# over that time. The peer: bench/hec-sink.py replay posts the request bodies the sink kept from the last run, in
# order, two at a time, to a fresh sink, measured the same way: what the sink and loopback HTTP take without Ferry.
# ratio = Ferry / replay (1.0: Ferry exports as fast as the sink takes prepared requests). Medians of runs 2..RUNS.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${BENCH_DIR:-$root/bench/out}
runs=${1:-4}
count=${2:-20000}
export TCP_NODELAY=1
ferry_port=${FERRY_PORT:-11195}
hec_port=${HEC_PORT:-11196}
set_name=small-${count}x8k
[[ -d $out/$set_name ]] || "$root/bench/make-objects.py" "$out/$set_name" "$count" 8192
"$root/ferry" --version >/dev/null

work=$(mktemp -d)
pids=()
sink_pid=
cleanup() { kill "${pids[@]}" $sink_pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/data"
cat >"$work/ferry.yaml" <<YAML
data-directory: $work/data
listeners:
  - {port: $ferry_port, ae-titles: [FERRY]}
queue: {retry-first: 100ms, retry-longest: 1s}
destinations:
  splunk: {splunk-hec: {url: "http://127.0.0.1:$hec_port/services/collector/event", token-env: BENCH_HEC_TOKEN}}
routes:
  - name: tags
    forward: [splunk]
YAML
BENCH_HEC_TOKEN=bench "$root/ferry" run --config "$work/ferry.yaml" >"$work/ferry.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$ferry_port") 2>/dev/null && break; sleep 0.1; done

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
rate() { awk '{ printf "%.0f", $3 / (($2 - $1) / 1e9) }' "$1"; }
start_sink() { # start_sink RESULT [BODIES]
  rm -f "$1"
  "$root/bench/hec-sink.py" serve "$hec_port" "$count" "$@" &
  sink_pid=$!
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$hec_port") 2>/dev/null && break; sleep 0.05; done
}
stop_sink() { kill "$sink_pid" 2>/dev/null || true; wait "$sink_pid" 2>/dev/null || true; sink_pid=; }
await_result() { while [[ ! -s $1 ]]; do sleep 0.2; done; }

: >"$work/ferry.rates"
for run in $(seq "$runs"); do
  rm -rf "$work/bodies"; mkdir -p "$work/bodies"
  touch "$work/result.gate"
  start_sink "$work/result" "$work/bodies"
  storescu -aec FERRY 127.0.0.1 "$ferry_port" "$out/$set_name"/*.dcm >/dev/null 2>&1
  sleep 2
  rm "$work/result.gate"
  await_result "$work/result"
  stop_sink
  r=$(rate "$work/result")
  echo "run $run: Ferry exported $count events at $r events/s ($(awk '{ print $4 }' "$work/result") requests)" >&2
  (( run > 1 || runs == 1 )) && echo "$r" >>"$work/ferry.rates"
done

start_sink "$work/replay-result"
"$root/bench/hec-sink.py" replay "http://127.0.0.1:$hec_port/services/collector/event" "$work/bodies" >/dev/null
await_result "$work/replay-result"
stop_sink
replay=$(rate "$work/replay-result")
ferry=$(median <"$work/ferry.rates")
echo "tag export to a local HEC sink, $count objects of 8 KiB, simplified tags, batch-size 100, max-parallel 2"
echo "Ferry:  $ferry events/s (median of $(wc -l <"$work/ferry.rates") runs)"
echo "replay: $replay events/s (the same request bodies posted by a plain client)"
awk -v a="$ferry" -v b="$replay" 'BEGIN { printf "ratio Ferry / replay: %.2f\n", a / b }'
