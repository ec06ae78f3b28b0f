#!/usr/bin/env bash
# Index benchmarks (issue #18), figures in docs/performance.md:
#
#   bench/index.sh receive [RUNS]   receive ratio vs storescp with index: off (A) and index: on (B), one checkout,
#                                   alternating runs (bench/router-ab.sh; LEVEL=process|power, default process)
#   bench/index.sh files [COUNT]    ferry index of COUNT (default 100,000) small files against dcmdump reading the
#                                   same files in one process (+sd +r), and one dcmdump process per file (as
#                                   indexing scripts run it), all from the page cache
#   bench/index.sh queries [N]      queries on a synthetic index of N (default 1,000,000) instances
#                                   (IndexBench, made once under bench/out/index-N.db)
#
# Needs dcmtk. The machine's load counts: compare the figures of one run only.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${BENCH_DIR:-$root/bench/out}
what=${1:?receive, files or queries}
mkdir -p "$out"
export TCP_NODELAY=1

# The test classes (IndexBench, ManySmallFiles) with the modules' classes (bench/classpath.sh).
source "$root/bench/classpath.sh"

case $what in
receive)
  LEVEL=${LEVEL:-process} ACONFIG="index: off" BCONFIG="index: on" "$root/bench/router-ab.sh" "${2:-3}" "$root" "$root"
  ;;
files)
  count=${2:-100000}
  files="$out/small-${count}x1k"
  if [[ ! -d $files ]]; then   # one realistic object (ferry make), copied with new UIDs in Java
    "$root/bench/make-objects.sh" "$out/template-1x1k" 1 1024
    java -cp "$(bench_classpath)" ferry.router.index.ManySmallFiles "$out/template-1x1k"/*.dcm "$files" "$count"
  fi
  "$root/ferry" --version >/dev/null   # build now, not inside a timed run
  find "$files" -type f -exec cat {} + >/dev/null   # into the page cache
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/data"; printf 'data-directory: %s/data\n' "$work" >"$work/ferry.yaml"
  ms() { local s; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; echo $(( ($(date +%s%N) - s) / 1000000 )); }
  d=$(ms dcmdump +sd +r -q "$files")
  # how scripts index with dcmtk: a dcmdump process per file (timed on the first 2,000 files)
  sample=$(mktemp); find "$files" -type f | sort | awk "NR <= 2000" >"$sample"
  per=$(ms xargs -a "$sample" -n 1 dcmdump -q); rm -f "$sample"
  line=$("$root/ferry" index -c "$work/ferry.yaml" "$files"); echo "$line"
  f=$(sed -E 's/.* in ([0-9.]+) s .*/\1/' <<<"$line")
  f=$(awk -v s="$f" 'BEGIN { printf "%d", s * 1000 }')
  again=$("$root/ferry" index -c "$work/ferry.yaml" "$files")
  echo "$count files: dcmdump ${d} ms ($(awk -v n="$count" -v t="$d" 'BEGIN { printf "%.0f", n / t * 1000 }') files/s),"\
    "ferry index ${f} ms ($(awk -v n="$count" -v t="$f" 'BEGIN { printf "%.0f", n / t * 1000 }') files/s,"\
    "database $(du -m "$work/data/ferry.db" | cut -f1) MB), ratio dcmdump/ferry $(awk -v d="$d" -v f="$f" 'BEGIN { printf "%.2f", d / f }')"
  echo "dcmdump one process per file: $(awk -v t="$per" 'BEGIN { printf "%.0f", 2000 / t * 1000 }') files/s,"\
    "ratio to ferry index $(awk -v t="$per" -v f="$f" -v n="$count" 'BEGIN { printf "%.1f", (n / f) / (2000 / t) }')"
  echo "again (all skipped): $again"
  ;;
queries)
  n=${2:-1000000}
  java -cp "$(bench_classpath)" ferry.router.index.IndexBench "$out/index-$n.db" "$n"
  ;;
*) echo "bench/index.sh: receive, files or queries, not $what" >&2; exit 2 ;;
esac
