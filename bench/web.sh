#!/usr/bin/env bash
# Web pages and metrics (issue #21), figures in docs/performance.md ("Web pages and metrics (issue #21)"):
#
#   bench/web.sh [N] [RUNS]   a Ferry on an index of N synthetic instances (default 100,000; IndexBench, made once
#                             under bench/out/web-N/), its web server on a free loopback port (no users: this
#                             machine only), then
#                             - the dashboard loaded RUNS times (default 50, after 5) in headless Chromium
#                               (DashboardBench): navigation start to the page drawn with its data;
#                             - each request of the dashboard timed with curl (RUNS times after 5, median), and
#                               their sum: what a page load asks for, one after the other on one connection;
#                             - a /metrics scrape, and the browser's first page of studies over the index.
#
# Needs chromium, chromium-driver and curl. The machine's load counts: compare the figures of one run only.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${BENCH_DIR:-$root/bench/out}
n=${1:-100000}
runs=${2:-50}
work="$out/web-$n"
mkdir -p "$work/data"
cd "$root"
"$root/ferry" --version >/dev/null   # build now
source "$root/bench/classpath.sh"
cp=$(bench_classpath test)
if [[ ! -f $work/data/ferry.db ]]; then
  java -cp "$cp" ferry.router.index.IndexBench "$work/data/ferry.db" "$n" | head -1 >&2
fi
source "$root/bench/index-ferry.sh"
port=$(free_port)
ferry_on_index "$work" "{port: $port}"
url="http://127.0.0.1:$port"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

java -cp "$cp" ferry.router.web.DashboardBench "$url/" 5 "$runs"

# one request, RUNS times after 5: the median of curl's total time, in ms
median_ms() {
  local times
  for _ in 1 2 3 4 5; do curl -s -o /dev/null "$url$1"; done
  times=$(for _ in $(seq "$runs"); do curl -s -o /dev/null -w '%{time_total}\n' "$url$1"; done)
  sort -n <<<"$times" | awk '{ a[NR] = $1 } END { printf "%.2f", a[int((NR + 1) / 2)] * 1000 }'
}
total=0
for path in / /ui/common.js /ui/dashboard.js /ui/ferry.css /ui/favicon.svg /webjars/uplot/dist/uPlot.iife.min.js \
    /webjars/uplot/dist/uPlot.min.css /api/session /api/status '/api/queue?listed=20' '/api/studies?limit=20' \
    '/api/notifications?limit=20' '/api/received/per-minute?minutes=60' '/api/log?limit=80'; do
  t=$(median_ms "$path")
  total=$(awk -v a="$total" -v b="$t" 'BEGIN { printf "%.2f", a + b }')
  printf '  %-42s median %6s ms\n' "$path" "$t"
done
echo "dashboard's requests one after the other (curl, each median): $total ms"
printf '/metrics scrape: median %s ms (%s bytes)\n' "$(median_ms /metrics)" "$(curl -s "$url/metrics" | wc -c)"
q='/api/index/studies?NumberOfStudyRelatedSeries=&NumberOfStudyRelatedInstances=&limit=200'
printf 'study browser, first 200 of %s studies with their counts: median %s ms\n' "$((n / 25))" "$(median_ms "$q")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
