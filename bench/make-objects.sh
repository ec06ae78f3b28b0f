#!/usr/bin/env bash
# Make synthetic MR slices for Ferry's benchmarks with `ferry make --study` (docs/make.md):
#
#   bench/make-objects.sh DIR COUNT PIXEL_BYTES
#   bench/make-objects.sh --standard OUT
#
# Writes COUNT single-slice MR objects of one series to DIR, named MR00001.dcm..., whose Pixel Data has PIXEL_BYTES
# bytes of 16-bit noise (131072 = 256x256, the "MR slice of 128 KiB" of docs/performance.md; 8192 = 64x64; 1024 =
# 16x32) after a realistic header (about 60 elements and a 2 KiB private element). Same arguments, same files.
# With --standard, the two sets most benchmarks send, each made unless OUT has it already: OUT/mr-1000x128k (1,000
# slices of 128 KiB) and OUT/small-5000x8k (5,000 objects of 8 KiB).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ ${1:-} == --standard ]]; then
  out=${2:?OUT}
  [[ -d $out/mr-1000x128k ]] || "$0" "$out/mr-1000x128k" 1000 131072
  [[ -d $out/small-5000x8k ]] || "$0" "$out/small-5000x8k" 5000 8192
  exit 0
fi
dir=${1:?DIR} count=${2:?COUNT} bytes=${3:?PIXEL_BYTES}
rows=1
while (( (rows * 2) * (rows * 2) * 2 <= bytes )); do rows=$((rows * 2)); done
columns=$((bytes / (2 * rows)))
if (( rows * columns * 2 != bytes )); then
  echo "make-objects.sh: $bytes bytes are no matrix of 16-bit pixels ${rows} rows high" >&2
  exit 2
fi
"$root/ferry" make --study --flat --modality MR --instances "$count" --matrix "${rows}x${columns}" --pattern noise \
  --seed 1122 --date 20261122 --patient-id BENCH0001 --patient-name Bench^Patient -o "$dir" >&2
