#!/usr/bin/env bash
# Tag export benchmarks (issue #18), figures in docs/performance.md.
#
#   bench/tag-export.sh [RUNS] [COUNT]     the forwarding queue to a local HEC-compatible sink (default 4 runs, the
#                                          first a warm-up; 20000 objects of 8 KiB)
#   bench/tag-export.sh export-tags [RUNS] [COUNT]
#                                          the one-shot `ferry export-tags` over the index, to a JSON lines file and
#                                          to the same sink (same defaults)
#
# The queue: events/s from Ferry's forwarding queue to bench/hec-sink.py, beside the same sink fed the same request
# bodies by a plain HTTP client, same run.
# Ferry runs as `./ferry run` with a route that forwards the tags of everything to a splunk-hec destination
# (shape simplified, batch-size 100, max-parallel 2: the defaults). Each run: the sink holds the requests it gets
# without answering while storescu sends COUNT objects, so their jobs wait in the queue (no failure, no retry
# wait); then it answers, and the run lasts from its first answer to the answer that completes COUNT events (the
# sink's monotonic clock), while nothing else runs. The export rate is COUNT
# over that time. The peer: bench/hec-sink.py replay posts the request bodies the sink kept from the last run, in
# order, two at a time, to a fresh sink, measured the same way: what the sink and loopback HTTP take without Ferry.
# ratio = Ferry / replay (1.0: Ferry exports as fast as the sink takes prepared requests). Medians of runs 2..RUNS.
#
# export-tags: the COUNT objects are added to an index with `ferry index` (their files stay where they are, in the
# page cache), then each run exports all of them with `ferry export-tags --to lines` (json-lines, batch-size 100,
# durability process) and `ferry export-tags --to splunk` (splunk-hec, the defaults), each with its record removed
# first so that it sends everything. A run's time is the command's own (its last line: from the query to the last
# batch taken, the JVM's start left out); events/s = COUNT over it. To the sink, also by the sink's clock as above,
# and the replay of the last run's request bodies is the peer for that figure. Medians of runs 2..RUNS.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${BENCH_DIR:-$root/bench/out}
mode=queue
if [[ ${1:-} == export-tags ]]; then
  mode=export-tags
  shift
fi
runs=${1:-4}
count=${2:-20000}
export TCP_NODELAY=1
ferry_port=${FERRY_PORT:-11195}
hec_port=${HEC_PORT:-11196}
set_name=small-${count}x8k
[[ -d $out/$set_name ]] || "$root/bench/make-objects.sh" "$out/$set_name" "$count" 8192
"$root/ferry" --version >/dev/null

work=$(mktemp -d)
pids=()
sink_pid=
cleanup() { kill "${pids[@]}" $sink_pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

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
# replay_rate: the request bodies the sink kept from the last run posted to a fresh sink; prints its events/s
replay_rate() {
  start_sink "$work/replay-result" >&2
  "$root/bench/hec-sink.py" replay "http://127.0.0.1:$hec_port/services/collector/event" "$work/bodies" >/dev/null
  await_result "$work/replay-result"
  stop_sink
  rate "$work/replay-result"
}

# export_tags_run NAME: one `ferry export-tags --to NAME` of everything the index holds; prints its seconds
export_tags_run() {
  rm -f "$work/data/export-tags/$1.log"
  local line
  line=$(BENCH_HEC_TOKEN=bench "$root/ferry" export-tags --config "$work/export.yaml" --to "$1" 2>"$work/export.err" | tail -1)
  [[ $line == *"$count matched: $count sent"* ]] || { echo "unexpected: $line" >&2; cat "$work/export.err" >&2; exit 1; }
  sed -E 's/.*\(([0-9.]+) s\)$/\1/' <<<"$line"
}

if [[ $mode == export-tags ]]; then
  mkdir -p "$work/data"
  cat >"$work/export.yaml" <<YAML
data-directory: $work/data
http: off
destinations:
  lines: {json-lines: {folder: $work/tags}}
  splunk: {splunk-hec: {url: "http://127.0.0.1:$hec_port/services/collector/event", token-env: BENCH_HEC_TOKEN}}
YAML
  find "$out/$set_name" -type f -exec cat {} + >/dev/null   # into the page cache
  "$root/ferry" index -c "$work/export.yaml" "$out/$set_name" >&2
  : >"$work/lines.rates"
  : >"$work/splunk.rates"
  : >"$work/sink.rates"
  for run in $(seq "$runs"); do
    rm -rf "$work/tags"
    s=$(export_tags_run lines)
    lines=$(awk -v n="$count" -v s="$s" 'BEGIN { printf "%.0f", n / s }')
    rm -rf "$work/bodies"; mkdir -p "$work/bodies"
    start_sink "$work/result" "$work/bodies"
    s=$(export_tags_run splunk)
    hec=$(awk -v n="$count" -v s="$s" 'BEGIN { printf "%.0f", n / s }')
    await_result "$work/result"
    stop_sink
    sink=$(rate "$work/result")
    echo "run $run: ferry export-tags $count events: JSON lines $lines events/s, HEC sink $hec events/s" \
      "($sink by the sink's clock)" >&2
    if (( run > 1 || runs == 1 )); then
      echo "$lines" >>"$work/lines.rates"
      echo "$hec" >>"$work/splunk.rates"
      echo "$sink" >>"$work/sink.rates"
    fi
  done
  replay=$(replay_rate)
  lines=$(median <"$work/lines.rates")
  hec=$(median <"$work/splunk.rates")
  sink=$(median <"$work/sink.rates")
  echo "ferry export-tags of $count indexed objects of 8 KiB, simplified tags, batch-size 100 (median of $(wc -l <"$work/lines.rates") runs)"
  echo "to a JSON lines file: $lines events/s"
  echo "to a local HEC sink:  $hec events/s ($sink events/s by the sink's clock)"
  echo "replay: $replay events/s by the sink's clock (the same request bodies posted by a plain client, 2 at a time)"
  awk -v a="$sink" -v b="$replay" 'BEGIN { printf "ratio export-tags to the HEC sink / replay (sink clock): %.2f\n", a / b }'
  exit 0
fi

mkdir -p "$work/data"
cat >"$work/ferry.yaml" <<YAML
data-directory: $work/data
http: off
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

replay=$(replay_rate)
ferry=$(median <"$work/ferry.rates")
echo "tag export to a local HEC sink, $count objects of 8 KiB, simplified tags, batch-size 100, max-parallel 2"
echo "Ferry:  $ferry events/s (median of $(wc -l <"$work/ferry.rates") runs)"
echo "replay: $replay events/s (the same request bodies posted by a plain client)"
awk -v a="$ferry" -v b="$replay" 'BEGIN { printf "ratio Ferry / replay: %.2f\n", a / b }'
