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
  mkdir -p "$work/kept"
  for dir in "$@"; do
    if [[ -e $dir ]]; then mv "$dir" "$work/kept/${dir//\//_}-$(date +%s%N)"; fi
    mkdir -p "$dir"
  done
}
