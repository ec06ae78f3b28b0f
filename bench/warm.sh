# Sourced by the benchmarks of Ferry as a daemon (bench/router.sh, bench/relay.sh): warm-up to a steady state.
#
# A daemon's JIT compiler has done its work long before a study comes, so a benchmark of the daemon must not
# measure the compiling. The per-object methods are called about once per object; C2 takes them up one after
# the other as they cross its thresholds, over 10,000-20,000 objects, and on a 2-core machine a compile takes
# CPU from the senders and receivers being measured. A fixed number of warm-up passes is either too few or wasted
# time, so the warm-up runs whole passes until the JVM's compiler threads used at most WARM_QUIET_MS of CPU
# (default 20 ms) in each of two passes in a row, at least 5 and at most WARM_MAX_PASSES (default 30) passes, and
# says how many it took.

# jit_ticks PID: one line "TID TICKS" per compiler thread (C1, C2) of JVM PID: its CPU time so far, user + system,
# in clock ticks. The JVM starts and ends compiler threads as the work needs, so passes compare thread by thread.
jit_ticks() {
  local task name
  for task in /proc/"$1"/task/*; do
    name=$(cat "$task/comm" 2>/dev/null) || continue
    [[ $name == C[12]\ CompilerThre* ]] || continue
    # fields after the parenthesised name: 12 = utime, 13 = stime; the name contains a space
    echo "${task##*/} $(sed 's/.*) //' "$task/stat" | awk '{ print $12 + $13 }')"
  done
}

# jit_ms_between BEFORE AFTER: CPU (ms) the compiler threads of AFTER (jit_ticks output) used since BEFORE.
jit_ms_between() {
  awk -v hz="$(getconf CLK_TCK)" 'NR == FNR { before[$1] = $2; next } { used += $2 - before[$1] }
    END { printf "%d\n", used * 1000 / hz }' <(echo "$1") <(echo "$2")
}

# warm_until_quiet NAME PID COMMAND...: runs COMMAND (one whole pass) until the compiler threads of PID are quiet.
warm_until_quiet() {
  local name=$1 pid=$2 pass before used quiet=0
  shift 2
  for pass in $(seq "${WARM_MAX_PASSES:-30}"); do
    before=$(jit_ticks "$pid")
    "$@"
    used=$(jit_ms_between "$before" "$(jit_ticks "$pid")")
    if (( used <= ${WARM_QUIET_MS:-20} )); then quiet=$((quiet + 1)); else quiet=0; fi
    if (( pass >= 5 && quiet >= 2 )); then
      echo "warm-up $name: $pass passes (JIT compiler $used ms in the last)" >&2
      return
    fi
  done
  echo "warm-up $name: stopped after $pass passes, the JIT compiler still used $used ms in the last" >&2
}
