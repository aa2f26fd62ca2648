#!/usr/bin/env bash
# A local Earshot fleet on one machine, for development and for testing the real thing (deploy/local/README.md):
#   fleet.sh up N    one PostgreSQL (Debian's, in a private directory), N replicas sharing its request log, and
#                    HAProxy in front; waits until all are ready; last line: fleet ready: http://127.0.0.1:PORT
#   fleet.sh roll    restarts the replicas one at a time: SIGTERM, drain and exit, start, ready, back in HAProxy
#   fleet.sh down    stops what up started, by process id; removes nothing (logs and data stay in the state dir)
#   fleet.sh status  one line per process
# Environment: EARSHOT_FLEET_DIR (state, default ./.fleet), EARSHOT_FLEET_PORT (the balancer's, default 8080),
# EARSHOT_FLEET_READY_TIMEOUT (seconds a step may take, default 300). Every other EARSHOT_* variable reaches the
# replicas as their usual settings (EARSHOT_API_KEYS, EARSHOT_WARM_UP, EARSHOT_DRAIN_PERIOD, ...), except the ones
# the fleet sets itself: host, port, database and data dir.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${EARSHOT_FLEET_DIR:-$PWD/.fleet}"
balancer_port="${EARSHOT_FLEET_PORT:-8080}"
ready_timeout="${EARSHOT_FLEET_READY_TIMEOUT:-300}"
pg_user=earshot
jar="$root/server/target/earshot-server.jar"
java_opts="-Xms32m -Xmx256m -XX:MaxHeapFreeRatio=30 -XX:MinHeapFreeRatio=10" # ./earshot's for serve

say() { echo "fleet: $*"; }
fail() { echo "fleet: $*" >&2; exit 1; }

usage() {
  cat <<'USAGE'
usage: deploy/local/fleet.sh up N | roll | down | status
  state in $EARSHOT_FLEET_DIR (default ./.fleet); balancer on 127.0.0.1:$EARSHOT_FLEET_PORT (default 8080)
USAGE
}

# --- processes --------------------------------------------------------------------------------------------------

# Whether the pid in FILE is alive and its command line contains PATTERN (a recycled pid is not ours).
alive() {
  local file="$1" pattern="$2" pid
  [[ -f "$file" ]] || return 1
  pid="$(head -n 1 "$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$pattern"
}

# Waits until the pid in FILE has exited; false after SECONDS.
await_exit() {
  local file="$1" pattern="$2" seconds="$3"
  local deadline=$((SECONDS + seconds))
  while alive "$file" "$pattern"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

http_status() {
  curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" 2>/dev/null || true
}

# --- PostgreSQL -------------------------------------------------------------------------------------------------

pg_bin() {
  local initdb
  if initdb="$(command -v initdb)"; then dirname "$(readlink -f "$initdb")"; return; fi
  initdb="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)"
  [[ -n "$initdb" ]] || fail "PostgreSQL's initdb was not found: apt-get install -y postgresql"
  dirname "$initdb"
}

# PostgreSQL's programs; as root they run as postgres (initdb refuses root).
as_pg() {
  if ((EUID == 0)); then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_pidfile() { echo "$(cat "$dir/pg/dir")/data/postmaster.pid"; }

# The cluster's directory: $dir/pg/cluster when user postgres can reach it, else a private one under /tmp.
pg_directory() {
  if [[ -f "$dir/pg/dir" ]]; then cat "$dir/pg/dir"; return; fi
  local cluster="$dir/pg/cluster"
  mkdir -p "$cluster"
  if ((EUID == 0)); then
    chown postgres "$cluster"
    if ! runuser -u postgres -- test -w "$cluster"; then
      rmdir "$cluster"
      cluster="$(mktemp -d /tmp/earshot-fleet-pg.XXXXXX)"
      chown postgres "$cluster"
    fi
  fi
  chmod 700 "$cluster"
  echo "$cluster" >"$dir/pg/dir"
  echo "$cluster"
}

free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  fail "found no free port"
}

pg_up() {
  mkdir -p "$dir/pg"
  local bin cluster port
  bin="$(pg_bin)"
  cluster="$(pg_directory)"
  [[ -f "$dir/pg/port" ]] || free_port >"$dir/pg/port"
  port="$(cat "$dir/pg/port")"
  if [[ ! -f "$cluster/data/PG_VERSION" ]]; then
    as_pg "$bin/initdb" -D "$cluster/data" -U "$pg_user" -A trust -E UTF8 --locale=C >"$cluster/initdb.log" 2>&1 \
      || fail "initdb failed: $(tail -n 5 "$cluster/initdb.log")"
  fi
  as_pg "$bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t "$ready_timeout" \
    -o "-p $port -k $cluster -c listen_addresses=127.0.0.1" start >/dev/null \
    || fail "PostgreSQL did not start: $(tail -n 5 "$cluster/server.log")"
  if ! as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U "$pg_user" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = 'earshot'" | grep -q 1; then
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$pg_user" earshot
  fi
  say "postgresql pid $(head -n 1 "$cluster/data/postmaster.pid") on 127.0.0.1:$port (data $cluster/data)"
}

pg_down() {
  [[ -f "$dir/pg/dir" ]] || return 0
  local pidfile pid
  pidfile="$(pg_pidfile)"
  alive "$pidfile" postgres || return 0
  pid="$(head -n 1 "$pidfile")"
  kill -INT "$pid" # PostgreSQL's fast shutdown
  await_exit "$pidfile" postgres 60 || fail "postgresql pid $pid did not stop within 60 s"
  say "stopped postgresql pid $pid"
}

# --- replicas ---------------------------------------------------------------------------------------------------

replica_dirs() { ls -d "$dir"/replica-* 2>/dev/null | sort -V; }

# Starts replica DIR on PORT (0: a free one, read back from its log), in its own session, all output to its log.
replica_start() {
  local rdir="$1" port="$2" name database keys=()
  name="$(basename "$rdir")"
  database="jdbc:postgresql://127.0.0.1:$(cat "$dir/pg/port")/earshot?user=$pg_user"
  if [[ -z "${EARSHOT_API_KEYS:-}" && -z "${EARSHOT_API_KEYS_FILE:-}" ]]; then
    keys=(--api-keys-file "$dir/api-keys")
  fi
  local from=0
  [[ -f "$rdir/replica.log" ]] && from="$(wc -l <"$rdir/replica.log")"
  # As ./earshot serve runs it (its JVM options, EARSHOT_JAVA_OPTS replacing them), without its build check.
  MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" setsid java ${EARSHOT_JAVA_OPTS:-$java_opts} -jar "$jar" serve --host 127.0.0.1 --port "$port" --database "$database" --data-dir "$rdir" \
    "${keys[@]}" </dev/null >>"$rdir/replica.log" 2>&1 &
  echo $! >"$rdir/pid"
  local deadline=$((SECONDS + ready_timeout)) listening=""
  while [[ -z "$listening" ]]; do
    # kill -0, not alive(): until the background shell has exec'd java, its command line is still this script's.
    kill -0 "$(cat "$rdir/pid")" 2>/dev/null || fail "$name exited: $(tail -n +$((from + 1)) "$rdir/replica.log" | tail -n 5)"
    ((SECONDS < deadline)) || fail "$name did not listen within $ready_timeout s (log $rdir/replica.log)"
    listening="$(tail -n +$((from + 1)) "$rdir/replica.log" | grep -o -m 1 'earshot listening on http://[0-9.]*:[0-9]*' || true)"
    [[ -n "$listening" ]] || sleep 0.2
  done
  echo "${listening##*:}" >"$rdir/port"
}

replica_await_ready() {
  local rdir="$1" name port deadline=$((SECONDS + ready_timeout))
  name="$(basename "$rdir")"
  port="$(cat "$rdir/port")"
  until [[ "$(http_status "http://127.0.0.1:$port/v1/status/ready")" == 200 ]]; do
    alive "$rdir/pid" earshot-server.jar || fail "$name exited: $(tail -n 5 "$rdir/replica.log")"
    ((SECONDS < deadline)) || fail "$name not ready within $ready_timeout s (log $rdir/replica.log)"
    sleep 0.2
  done
}

# Seconds to wait for a SIGTERM'd replica: its drain period (EARSHOT_DRAIN_PERIOD, else 30 s), the 10 s its
# Close frames may take, and a margin.
stop_timeout() {
  local period="${EARSHOT_DRAIN_PERIOD:-30s}" seconds=30
  if [[ "$period" =~ ^([0-9]+)(ms|s|m|h)?$ ]]; then
    case "${BASH_REMATCH[2]}" in
      ms) seconds=$((BASH_REMATCH[1] / 1000)) ;;
      m) seconds=$((BASH_REMATCH[1] * 60)) ;;
      h) seconds=$((BASH_REMATCH[1] * 3600)) ;;
      *) seconds="${BASH_REMATCH[1]}" ;;
    esac
  fi
  echo $((seconds + 40))
}

replica_stop() {
  local rdir="$1" name pid
  name="$(basename "$rdir")"
  alive "$rdir/pid" earshot-server.jar || return 0
  pid="$(cat "$rdir/pid")"
  kill -TERM "$pid"
  await_exit "$rdir/pid" earshot-server.jar "$(stop_timeout)" || fail "$name pid $pid did not exit after SIGTERM"
  echo "$pid"
}

# --- HAProxy ----------------------------------------------------------------------------------------------------

haproxy_config() {
  local servers="" rdir
  for rdir in $(replica_dirs); do
    servers+="    server $(basename "$rdir") 127.0.0.1:$(cat "$rdir/port") check"$'\n'
  done
  awk -v port="$balancer_port" -v stats="$dir/haproxy/stats.sock" -v servers="$servers" '
    { gsub("@PORT@", port); gsub("@STATS@", stats) }
    $0 == "@ALIVE@" { printf "%s", servers; next }
    { print }
    END { printf "%s", servers }' "$root/deploy/local/haproxy.cfg.in" >"$dir/haproxy/haproxy.cfg"
}

# HAProxy's view of one server in its ready backend, from its CSV stats on a unix socket: field 18, the state
# (UP, DOWN, "UP 1/2" going down, ...), or with "sessions" field 5 too, its open connections.
haproxy_state() {
  curl -s -m 2 --unix-socket "$dir/haproxy/stats.sock" "http://haproxy/;csv" 2>/dev/null \
    | awk -F, -v s="$1" -v all="${2:-}" '$1 == "replicas" && $2 == s { print $18 (all ? ", " $5 " session(s)" : "") }' \
    || true
}

haproxy_await_state() {
  local name="$1" want="$2" deadline=$((SECONDS + 30))
  until [[ "$(haproxy_state "$name")" == "$want" ]]; do
    ((SECONDS < deadline)) || fail "HAProxy did not see $name $want within 30 s (it says '$(haproxy_state "$name")')"
    sleep 0.2
  done
}

haproxy_up() {
  command -v haproxy >/dev/null || fail "haproxy was not found: apt-get install -y haproxy"
  mkdir -p "$dir/haproxy"
  haproxy_config
  haproxy -c -q -f "$dir/haproxy/haproxy.cfg" || fail "HAProxy refused $dir/haproxy/haproxy.cfg"
  setsid haproxy -db -f "$dir/haproxy/haproxy.cfg" </dev/null >"$dir/haproxy/haproxy.log" 2>&1 &
  echo $! >"$dir/haproxy/pid"
  local deadline=$((SECONDS + 30))
  until [[ "$(http_status "http://127.0.0.1:$balancer_port/v1/status/ready")" == 200 ]]; do
    kill -0 "$(cat "$dir/haproxy/pid")" 2>/dev/null || fail "haproxy exited: $(tail -n 5 "$dir/haproxy/haproxy.log")"
    ((SECONDS < deadline)) || fail "the balancer was not ready within 30 s (log $dir/haproxy/haproxy.log)"
    sleep 0.2
  done
  say "haproxy pid $(cat "$dir/haproxy/pid") on 127.0.0.1:$balancer_port (config $dir/haproxy/haproxy.cfg)"
}

haproxy_down() {
  alive "$dir/haproxy/pid" haproxy || return 0
  local pid
  pid="$(cat "$dir/haproxy/pid")"
  kill -TERM "$pid"
  await_exit "$dir/haproxy/pid" haproxy 30 || fail "haproxy pid $pid did not stop within 30 s"
  say "stopped haproxy pid $pid"
}

# The launcher builds the server when its jar is missing or older than the sources (so roll deploys what was
# edited); EARSHOT_FLEET_BUILD=0 skips that (a test run by Maven, which has just built it).
build() {
  if [[ "${EARSHOT_FLEET_BUILD:-1}" != 0 ]]; then "$root/earshot" serve --help >/dev/null; fi
  [[ -f "$jar" ]] || fail "$jar is missing: mvn -B -q -DskipTests package"
}

# --- commands ---------------------------------------------------------------------------------------------------

running() {
  local rdir
  alive "$dir/haproxy/pid" haproxy && return 0
  for rdir in $(replica_dirs); do alive "$rdir/pid" earshot-server.jar && return 0; done
  [[ -f "$dir/pg/dir" ]] && alive "$(pg_pidfile)" postgres && return 0
  return 1
}

up() {
  local count="${1:-}" i rdir
  [[ "$count" =~ ^[1-9][0-9]*$ ]] || { usage >&2; exit 2; }
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  ! running || fail "a fleet is already running in $dir: run 'fleet.sh down' first"
  trap 'echo "fleet: up failed; stopping what it started" >&2; down >&2' EXIT
  for rdir in $(replica_dirs); do rm -rf "$rdir"; done
  if [[ -z "${EARSHOT_API_KEYS:-}" && -z "${EARSHOT_API_KEYS_FILE:-}" && ! -f "$dir/api-keys" ]]; then
    (umask 077 && od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$dir/api-keys" && echo >>"$dir/api-keys")
  fi
  build
  pg_up
  for ((i = 1; i <= count; i++)); do
    mkdir -p "$dir/replica-$i"
    : >"$dir/replica-$i/replica.log"
    replica_start "$dir/replica-$i" 0
    say "replica-$i pid $(cat "$dir/replica-$i/pid") on 127.0.0.1:$(cat "$dir/replica-$i/port") (log $dir/replica-$i/replica.log)"
  done
  for rdir in $(replica_dirs); do
    replica_await_ready "$rdir"
    say "$(basename "$rdir") ready"
  done
  haproxy_up
  trap - EXIT
  [[ -f "$dir/api-keys" && -z "${EARSHOT_API_KEYS:-}" ]] && say "api key: $(head -n 1 "$dir/api-keys") (in $dir/api-keys)"
  echo "fleet ready: http://127.0.0.1:$balancer_port"
}

roll() {
  local rdir name pid port step
  build
  [[ -n "$(replica_dirs)" ]] || fail "no fleet in $dir"
  alive "$dir/haproxy/pid" haproxy || fail "no balancer running in $dir: run 'fleet.sh up N'"
  for rdir in $(replica_dirs); do
    name="$(basename "$rdir")"
    port="$(cat "$rdir/port")"
    step=$SECONDS
    if alive "$rdir/pid" earshot-server.jar; then
      say "$name: SIGTERM to pid $(cat "$rdir/pid"), waiting for its drain and exit"
      pid="$(replica_stop "$rdir")"
      say "$name: pid $pid exited after $((SECONDS - step)) s"
    fi
    step=$SECONDS
    replica_start "$rdir" "$port"
    say "$name: started pid $(cat "$rdir/pid") on 127.0.0.1:$port"
    replica_await_ready "$rdir"
    haproxy_await_state "$name" UP
    say "$name: ready, and up in haproxy, $((SECONDS - step)) s after its start"
  done
  say "rolled $(replica_dirs | wc -l) replica(s)"
}

down() {
  local rdir pid
  [[ -d "$dir" ]] || { say "nothing in $dir"; return 0; }
  haproxy_down
  for rdir in $(replica_dirs); do
    if pid="$(replica_stop "$rdir")" && [[ -n "$pid" ]]; then say "stopped $(basename "$rdir") pid $pid"; fi
  done
  pg_down
  say "down"
}

status() {
  local rdir
  if alive "$dir/haproxy/pid" haproxy; then
    say "haproxy pid $(cat "$dir/haproxy/pid") on 127.0.0.1:$balancer_port"
  else
    say "haproxy not running"
  fi
  for rdir in $(replica_dirs); do
    if alive "$rdir/pid" earshot-server.jar; then
      say "$(basename "$rdir") pid $(cat "$rdir/pid") on 127.0.0.1:$(cat "$rdir/port"): ready $(http_status "http://127.0.0.1:$(cat "$rdir/port")/v1/status/ready"), haproxy $(haproxy_state "$(basename "$rdir")" sessions)"
    else
      say "$(basename "$rdir") not running"
    fi
  done
  if [[ -f "$dir/pg/dir" ]] && alive "$(pg_pidfile)" postgres; then
    say "postgresql pid $(head -n 1 "$(pg_pidfile)") on 127.0.0.1:$(cat "$dir/pg/port")"
  else
    say "postgresql not running"
  fi
}

case "${1:-}" in
  up) up "${2:-}" ;;
  roll) roll ;;
  down) down ;;
  status) status ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
