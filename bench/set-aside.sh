# Sourced by the benchmarks that empty a receiver's folders between runs (bench/throughput.sh, router.sh, ...).
#
# set_aside DIR...: each DIR is moved into $work/kept under a new name and made again, empty; the files are deleted
# with $work when the benchmark ends. Deleting them between runs would measure the file system instead of the
# receivers: on ext4 without a journal (the root file system of the machines these figures come from) a file created
# within about half a minute of many deletions in its inode group gets its inode only after a search past every
# recently freed one (the kernel's recently_deleted), under the folder's lock, and with the last run's files deleted
# just before, that search was 65-89 % of every receiver's CPU (docs/performance.md, "Many senders"). The price is
# disk space: every run's files stay until the end. The search outlasts a deletion by up to five minutes, so leave that
# long between two benchmark scripts (each deletes its kept files when it ends) and after a test suite.
set_aside() {
  local dir
  [[ -d $work/kept ]] || disk_probe
  mkdir -p "$work/kept"
  for dir in "$@"; do
    if [[ -e $dir ]]; then mv "$dir" "$work/kept/${dir//\//_}-$(date +%s%N)"; fi
    mkdir -p "$dir"
  done
}

# disk_probe: creates 1,000 empty files in a new folder under $work/kept (deleted with it at the end, so the probe
# itself deletes nothing) and warns on stderr when that took over 100 ms: on a quiet disk it takes ~30 ms, within
# minutes of large deletions 150-350 ms, and the figures of such a run measure the file system (set_aside calls it
# once, at its first use).
disk_probe() {
  local probe="$work/kept/probe-$(date +%s%N)" start ms i
  mkdir -p "$probe"
  start=$(date +%s%N)
  for ((i = 0; i < 1000; i++)); do : >"$probe/$i"; done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  if (( ms > 100 )); then
    echo "bench: creating 1,000 files took $ms ms (about 30 ms on a quiet disk): the file system is still slow from" \
      "recent deletions, so this run's figures may be slow and noisy; wait five minutes and run it again" >&2
  fi
}
