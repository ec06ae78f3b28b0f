#!/usr/bin/env bash
# Retention benchmark (issue #16): receiving while housekeeping prunes a million finished journal records, against
# receiving without it, in the same run, with plain storescp as the reference.
#
#   bench/prune.sh [ROUNDS]        (default 3)
#
# Each round starts Ferry (durability process, retention: {journal: off}, so that the hourly housekeeping, first run a
# minute after the start, leaves the old records alone while it warms up) on a copy of a journal holding 1,000,000
# records finished 100 days ago, warms it until its JIT is quiet (bench/warm.sh), then times storescu sending 5,000
# objects of 8 KiB (bench/make-objects.sh) three ways, one after the other: to storescp; to Ferry; then, with
# retention: {journal: 30d} put in force by `ferry reload`, to Ferry while `ferry prune` deletes the million
# records (started just before the send; the send is timed, until its last response). Prints medians, ratios against storescp, and the cost of pruning (quiet / pruning, 1.00 = none).
# Needs dcmtk and sqlite3.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/warm.sh"
source "$root/bench/set-aside.sh"
out=${BENCH_DIR:-$root/bench/out}
rounds=${1:-3}
export TCP_NODELAY=1
base_port=${BASE_PORT:-11360}
old=1000000

[[ -d $out/small-5000x8k ]] || "$root/bench/make-objects.sh" "$out/small-5000x8k" 5000 8192
command -v sqlite3 >/dev/null || { echo "bench/prune.sh needs sqlite3 (apt-get install sqlite3)" >&2; exit 1; }
"$root/ferry" --version >/dev/null

work=$(mktemp -d)
pids=()
cleanup() {
  "$root/ferry" stop --config "$work/ferry.yaml" >/dev/null 2>&1 || true
  kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"
}
trap cleanup EXIT

port_scp=$base_port; port=$((base_port + 1))
mkdir -p "$work/scp" "$work/data" "$work/template"
storescp -aet SCP -od "$work/scp" "$port_scp" >"$work/scp.log" 2>&1 &
pids+=($!)
cat >"$work/ferry.yaml" <<YAML
data-directory: $work/data
http: off
min-free-disk: 0
retention: {journal: off}
listeners:
  - {port: $port, ae-titles: [FERRY]}
routes:
  - {name: all, default: true, store: {folder: $work/store}}
YAML
# The template journal: Ferry's schema (made by a dry run), then a million old finished records and their actions.
sed "s|$work/data|$work/template|; s/journal: off/journal: 30d/" "$work/ferry.yaml" >"$work/template.yaml"
"$root/ferry" prune --dry-run --config "$work/template.yaml" >/dev/null
then=$(( ($(date +%s) - 100 * 86400) * 1000000000 ))
sqlite3 "$work/template/ferry.db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $old)
INSERT INTO received_object (id, received_at, calling_ae_title, called_ae_title, peer_address, sop_class_uid,
    sop_instance_uid, study_instance_uid, series_instance_uid, transfer_syntax_uid, size, spool_file, unrouted,
    routes, finished_at)
SELECT i, $then + i, 'SCANNER', 'FERRY', '192.0.2.7', '1.2.840.10008.5.1.4.1.1.4', '1.2.826.0.1.3680043.10.1.' || i,
    '1.2.826.0.1.3680043.10.2.' || (i / 500), '1.2.826.0.1.3680043.10.3.' || (i / 100), '1.2.840.10008.1.2.1',
    8192, '$work/data/spool/' || i || '.dcm', 0, 'all', $then + 86400000000000 + i FROM n;
INSERT INTO object_action (object_id, recorded_at, route, action, result, detail)
SELECT id, finished_at, 'all', 'store $work/store', 'placed', '$work/store/old/' || sop_instance_uid || '.dcm'
FROM received_object;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
echo "template journal: $old old records, $(du -h "$work/template/ferry.db" | cut -f1)" >&2

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
now() { date +%s%N; }
files=("$out/small-5000x8k"/*.dcm)
n=${#files[@]}
settle() { while [[ $(find "$1" -type f 2>/dev/null | wc -l) -lt $2 ]]; do sleep 0.01; done; }
send() { # send NAME PORT AE: one timed storescu of every file; appends ms to $work/t/NAME
  local start
  start=$(now)
  storescu -aec "$3" 127.0.0.1 "$2" "${files[@]}" >/dev/null 2>&1
  echo $(( ($(now) - start) / 1000000 )) >>"$work/t/$1"
}
empty() { set_aside "$work/scp" "$work/store"; }

mkdir -p "$work/t"
: >"$work/t/scp"; : >"$work/t/quiet"; : >"$work/t/pruning"; : >"$work/t/prune"
for round in $(seq "$rounds"); do
  rm -rf "$work/data" && mkdir -p "$work/data" && cp "$work/template/ferry.db" "$work/data/"
  "$root/ferry" start --config "$work/ferry.yaml" >/dev/null
  pid=$(cat "$work/data/ferry.pid")
  warm_pass() { storescu -aec FERRY 127.0.0.1 "$port" "${files[@]}" >/dev/null 2>&1; settle "$work/store" "$n"; empty; }
  warm_until_quiet "ferry round $round" "$pid" warm_pass
  empty; sync; send scp "$port_scp" SCP
  empty; sync; send quiet "$port" FERRY; settle "$work/store" "$n"
  empty; sync
  sed -i 's/journal: off/journal: 30d/' "$work/ferry.yaml"
  "$root/ferry" reload --config "$work/ferry.yaml" >/dev/null
  start=$(now)
  "$root/ferry" prune --config "$work/ferry.yaml" >"$work/prune.out" 2>&1 &
  pruner=$!
  until (( $(sqlite3 "$work/data/ferry.db" "SELECT coalesce(min(id), 0) FROM received_object") > 1 )); do
    sleep 0.05 # until the prune has begun
  done
  send pruning "$port" FERRY
  wait "$pruner"
  echo $(( ($(now) - start) / 1000000 )) >>"$work/t/prune"
  grep -q "deleted $old finished" "$work/prune.out" || { cat "$work/prune.out" >&2; exit 1; }
  settle "$work/store" "$n"
  "$root/ferry" stop --config "$work/ferry.yaml" >/dev/null
  sed -i 's/journal: 30d/journal: off/' "$work/ferry.yaml"
done

scp=$(median <"$work/t/scp"); quiet=$(median <"$work/t/quiet"); pruning=$(median <"$work/t/pruning")
echo "small-5000x8k, $rounds rounds, medians (ratio = storescp / x, above 1: faster than storescp)"
printf '  %-22s %6s ms\n' storescp "$scp"
printf '  %-22s %6s ms  ratio %s\n' "ferry" "$quiet" "$(ratio "$scp" "$quiet")"
printf '  %-22s %6s ms  ratio %s\n' "ferry while pruning" "$pruning" "$(ratio "$scp" "$pruning")"
printf '  pruning cost: ferry / ferry while pruning = %s; pruning %s records took %s ms\n' \
  "$(ratio "$quiet" "$pruning")" "$old" "$(median <"$work/t/prune")"
