#!/usr/bin/env bash
# Parse benchmark (issue #2): Ferry against dcmdump over the same folders, in the same run.
#
#   bench/parse.sh [RUNS]          (default 5 runs of each command, alternating)
#
# Makes (once, with ferry make) 1,000 MR slices of 128 KiB and 5,000 objects of 8 KiB under bench/out/,
# reads them once so they are in the page cache, then times whole processes:
#   dcmdump +sd +r DIR > /dev/null      against      ./ferry dump --width 64 DIR > /dev/null
#   (--width 64: values cut as on a terminal, as dcmdump cuts them; into a file ferry dump would print them whole)
# and prints each median and the ratio dcmdump/ferry (above 1: Ferry is faster). Then Ferry's own
# in-process parse rates (ferry bench-parse, header-only and full). Needs dcmtk and python3-pydicom.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${BENCH_DIR:-$root/bench/out}
runs=${1:-5}
export TCP_NODELAY=1

command -v dcmdump >/dev/null || { echo "bench: dcmdump not found (apt-get install dcmtk)" >&2; exit 1; }
"$root/bench/make-objects.sh" --standard "$out"
pydicom_files=/usr/lib/python3/dist-packages/pydicom/data/test_files
"$root/ferry" --version >/dev/null   # build (and record the class-data archive) now, not inside a timed run

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
seconds() { local start end; start=$(date +%s%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s%N); echo "$(( (end - start) / 1000000 ))"; }

for dir in "$out/mr-1000x128k" "$out/small-5000x8k" "$pydicom_files"; do
  [[ -d $dir ]] || continue
  find "$dir" -type f -exec cat {} + >/dev/null   # into the page cache
  count=$(find "$dir" -type f | wc -l)
  : >"$out/dcmdump.ms"; : >"$out/ferry.ms"
  for _ in $(seq "$runs"); do
    seconds dcmdump +sd +r "$dir" >>"$out/dcmdump.ms"
    seconds "$root/ferry" dump --width 64 "$dir" >>"$out/ferry.ms"
  done
  d=$(median <"$out/dcmdump.ms"); f=$(median <"$out/ferry.ms")
  echo "$(basename "$dir") ($count files, $runs runs each): dcmdump ${d} ms, ferry dump ${f} ms, ratio dcmdump/ferry $(awk -v d="$d" -v f="$f" 'BEGIN { printf "%.2f", d / f }')"
done
for dir in "$out/mr-1000x128k" "$out/small-5000x8k"; do
  "$root/ferry" bench-parse --header-only --rounds 7 "$dir" | tail -n 1 | sed "s|^|$(basename "$dir") header-only |"
  "$root/ferry" bench-parse --rounds 7 "$dir" | tail -n 1 | sed "s|^|$(basename "$dir") full |"
done
