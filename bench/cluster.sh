#!/usr/bin/env bash
# Ferry on PostgreSQL (issue #22, docs/cluster.md, docs/performance.md): in one run, alternating,
#   scp      storescp (no journal at all), all senders to it
#   sqlite   one Ferry on its embedded SQLite database, all senders to it
#   pg1      one Ferry on PostgreSQL, all senders to it
#   pg2      two Ferry nodes on that PostgreSQL database, the senders split between them
# SENDERS storescu processes (default 4) send the objects of a set between them; a run ends when every object is
# stored. Prints per set and receiver the median time, the ratio storescp/x, and for the PostgreSQL receivers the
# database's cost per object: statements (pg_stat_statements calls) and their execution time, commits, and the CPU
# the server's processes used (what bounds how many objects/s one PostgreSQL takes: docs/performance.md).
#
#   bench/cluster.sh [RUNS]        (default 5; LEVEL=process|power, default process; SETS, BENCH_DIR as router-ab.sh)
#
# Everything runs on this machine: the PostgreSQL server competes for the same cores as the receivers and senders.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-5}; senders=${SENDERS:-4}
sets=${SETS:-mr-1000x128k small-5000x8k}
source "$here/bench/warm.sh"
source "$here/bench/set-aside.sh"
source "$here/bench/postgres.sh"
source "$here/bench/index-ferry.sh"
out=${BENCH_DIR:-$here/bench/out}
"$here/bench/make-objects.sh" --standard "$out"
export TCP_NODELAY=1
work=$(mktemp -d); chmod 755 "$work"
pids=()
pg=$(free_port)
cleanup() {
  for x in sqlite pg1 pg2a pg2b; do "$here/ferry" stop --config "$work/$x.yaml" >/dev/null 2>&1 || true; done
  kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true
  postgres_stop "$work/pg"; rm -rf "$work"
}
trap cleanup EXIT
postgres_start "$work/pg" "$pg"
mkdir -p "$work/scp"
storescp -aet SCP -od "$work/scp" 11490 >/dev/null 2>&1 & pids+=($!)
declare -A port=([sqlite]=11491 [pg1]=11492 [pg2a]=11493 [pg2b]=11494)
for x in sqlite pg1 pg2a pg2b; do
  mkdir -p "$work/$x/data"
  case $x in
    sqlite) database="" ;;
    pg1) database="database: postgresql://127.0.0.1:$pg/ferry"$'\n'"node: one" ;;
    *) database="database: postgresql://127.0.0.1:$pg/ferry"$'\n'"node: $x" ;;
  esac
  store=$work/$x/store; [[ $x == pg2* ]] && store=$work/pg2/store
  cat >"$work/$x.yaml" <<YAML
$database
http: off
metrics: off
data-directory: $work/$x/data
durability: ${LEVEL:-process}
min-free-disk: 0
listeners:
  - {port: ${port[$x]}, ae-titles: [FERRY]}
routes:
  - {name: all, default: true, store: {folder: $store}}
YAML
  "$here/ferry" start --config "$work/$x.yaml" >/dev/null
done
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
now() { date +%s%N; }
folder_of() { case $1 in scp) echo "$work/scp" ;; pg2) echo "$work/pg2/store" ;; *) echo "$work/$1/store" ;; esac; }
empty() { set_aside "$work/scp" "$work"/*/store; }
settle() { while [[ $(find "$1" -type f 2>/dev/null | wc -l) -lt $2 ]]; do sleep 0.01; done; }
# send NAME FILES...: SENDERS storescu processes, each a share of the files; pg2 sends half the processes to each node
send() {
  local name=$1 p k; shift
  local files=("$@") each=$(( ($# + senders - 1) / senders )) children=()
  for ((k = 0; k < senders; k++)); do
    case $name in
      scp) p=11490 ;; pg2) (( k % 2 == 0 )) && p=${port[pg2a]} || p=${port[pg2b]} ;; *) p=${port[$name]} ;;
    esac
    storescu -aec "$([[ $name == scp ]] && echo SCP || echo FERRY)" 127.0.0.1 "$p" \
        "${files[@]:$((k * each)):$each}" >/dev/null 2>&1 & children+=($!)
  done
  wait "${children[@]}"
}
# the CPU (ms) the PostgreSQL server's processes used so far: the postmaster and its children (the backends of
# Ferry's connections live as long as Ferry, so a run's difference is what it cost the server)
pg_cpu_ms() {
  local master pid total=0
  master=$(head -1 "$work/pg/data/postmaster.pid")
  for pid in $master $(ps -o pid= --ppid "$master"); do
    [[ -r /proc/$pid/stat ]] || continue
    total=$(( total + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }') ))
  done
  echo $(( total * 1000 / $(getconf CLK_TCK) ))
}
stats() { postgres_sql "$pg" "SELECT coalesce(sum(calls), 0), round(coalesce(sum(total_exec_time), 0)::numeric, 1)
  FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'ferry')"
  postgres_sql "$pg" "SELECT xact_commit FROM pg_stat_database WHERE datname = 'ferry'"; pg_cpu_ms; }
run() { local name=$1 n=$2 s before after; shift 2
  [[ $name == pg* ]] && before=$(stats | tr '\n' '|')
  s=$(now); send "$name" "$@"; settle "$(folder_of "$name")" "$n"
  echo $(( ($(now) - s) / 1000000 )) >>"$work/t/$name"
  if [[ $name == pg* ]]; then
    after=$(stats | tr '\n' '|')
    awk -v b="$before" -v a="$after" -v n="$n" 'BEGIN { split(b, x, "[|]"); split(a, y, "[|]");
      printf "%.2f %.3f %.3f %.3f\n", (y[1] - x[1]) / n, (y[2] - x[2]) / n, (y[3] - x[3]) / n, (y[4] - x[4]) / n }' >>"$work/t/$name.db"
  fi; }
mr=("$out/mr-1000x128k"/*.dcm)
for x in sqlite pg1 pg2a pg2b; do
  folder=$(folder_of "$x"); [[ $x == pg2* ]] && folder=$work/pg2/store
  warm_pass() { storescu -aec FERRY 127.0.0.1 "${port[$x]}" "${mr[@]}" >/dev/null 2>&1; settle "$folder" "${#mr[@]}"; empty; }
  warm_until_quiet "ferry-$x" "$(cat "$work/$x/data/ferry.pid")" warm_pass
done
echo "$(nproc) cores, $senders senders, durability ${LEVEL:-process}, PostgreSQL $("$(postgres_bin)/postgres" --version | awk '{print $3}')"
for set in $sets; do
  files=("$out/$set"/*.dcm); n=${#files[@]}
  mkdir -p "$work/t"; rm -f "$work/t"/*
  for _ in $(seq "$runs"); do
    for x in scp sqlite pg1 pg2; do empty; sync; run "$x" "$n" "${files[@]}"; done
  done
  scp=$(median <"$work/t/scp")
  for x in scp sqlite pg1 pg2; do
    t=$(median <"$work/t/$x")
    db=""; [[ -f $work/t/$x.db ]] && db=$(awk '{ s += $1; e += $2; c += $3; u += $4 } END { printf " database per object: %.2f statements, %.3f ms executing them, %.3f commits, %.3f ms of the server'"'"'s CPU", s / NR, e / NR, c / NR, u / NR }' "$work/t/$x.db")
    echo "$set $x $t ms ($(awk -v n=$n -v t=$t 'BEGIN{printf "%.0f", n * 1000 / t}') objects/s) ratio $(awk -v a=$scp -v b=$t 'BEGIN{printf "%.2f", a/b}')$db all: $(tr '\n' ' ' <"$work/t/$x")"
  done
  sqlite=$(median <"$work/t/sqlite"); pg1=$(median <"$work/t/pg1"); pg2=$(median <"$work/t/pg2")
  echo "$set one node on PostgreSQL receives at $(awk -v a=$sqlite -v b=$pg1 'BEGIN{printf "%.2f", a/b}') of one on SQLite; two nodes at $(awk -v a=$pg1 -v b=$pg2 'BEGIN{printf "%.2f", a/b}') of one"
done
