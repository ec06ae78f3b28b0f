# Sourced by the benchmarks that put Ferry on PostgreSQL (bench/cluster.sh): a throwaway PostgreSQL server from
# Debian's postgresql package (/usr/lib/postgresql/N/bin, newest N), in a temporary folder, on 127.0.0.1, with
# pg_stat_statements loaded so that a benchmark can count the statements and their time. It runs as the postgres
# user when the script runs as root (PostgreSQL refuses root). fsync stays on, as on a real server.
#
#   postgres_start FOLDER PORT     makes and starts the cluster, database "ferry" owned by user "ferry"
#   postgres_sql PORT SQL          runs SQL in database "ferry", prints the rows unaligned
#   postgres_stop FOLDER           stops it
postgres_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
postgres_as() {
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
postgres_start() {
  local folder=$1 port=$2 bin
  bin=$(postgres_bin); [[ -n $bin ]] || { echo "PostgreSQL's server is missing: apt-get install postgresql" >&2; return 1; }
  mkdir -p "$folder"; [[ $(id -u) == 0 ]] && chown postgres: "$folder"
  postgres_as "$bin/initdb" -D "$folder/data" -U ferry --auth=trust -E UTF8 --locale=C >/dev/null
  postgres_as "$bin/pg_ctl" -D "$folder/data" -l "$folder/log" -w -o "-p $port -k $folder -c listen_addresses=127.0.0.1 \
      -c shared_preload_libraries=pg_stat_statements -c max_connections=200" start >/dev/null
  postgres_sql "$port" "CREATE EXTENSION pg_stat_statements" postgres >/dev/null
  postgres_sql "$port" "CREATE DATABASE ferry OWNER ferry" postgres >/dev/null
  postgres_sql "$port" "CREATE EXTENSION pg_stat_statements" >/dev/null
}
postgres_sql() {
  "$(postgres_bin)/psql" -X -q -A -t -h 127.0.0.1 -p "$1" -U ferry -d "${3:-ferry}" -c "$2"
}
postgres_stop() {
  postgres_as "$(postgres_bin)/pg_ctl" -D "$1/data" -m fast stop >/dev/null 2>&1 || true
}
