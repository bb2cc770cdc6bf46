#!/usr/bin/env bash
# A throwaway PostgreSQL server on 127.0.0.1 for the store tests.
#
#   pg_server.sh start STATE_DIR        start one; STATE_DIR/uri then holds its URI,
#                                       or STATE_DIR/skip the reason there is none
#                                       (only: no PostgreSQL binaries on this machine)
#   pg_server.sh stop STATE_DIR         stop it and remove its data directory
#   pg_server.sh run STATE_DIR CMD ...  start, run CMD with VIGIL_TEST_PG_STATE set,
#                                       stop and remove (also when CMD fails or on ^C)
#
# CTest runs start and stop as the store_pg fixture (tests/store/CMakeLists.txt);
# the tests read STATE_DIR from $VIGIL_TEST_PG_STATE. The data directory is a
# mktemp directory; the server listens on a free port picked at random (several
# build trees may test at once) and on a socket in that directory. initdb refuses
# to run as root: then the server runs as the `postgres` user (or `nobody`).
# fsync is off: the data are thrown away.
set -euo pipefail

usage() { echo "usage: $0 start|stop STATE_DIR | run STATE_DIR CMD [ARG...]" >&2; exit 2; }

bindir() {
  local d
  for d in ${PG_BINDIR:-} $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    if [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]]; then echo "$d"; return 0; fi
  done
  return 1
}

# Runs a command as the user that owns the server.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    local user=postgres
    id "$user" >/dev/null 2>&1 || user=nobody
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

stop() {
  local state=$1 data
  [[ -f $state/datadir ]] || return 0
  data=$(<"$state/datadir")
  if [[ -f $data/db/postmaster.pid ]]; then
    as_owner "$(bindir)/pg_ctl" -D "$data/db" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$data"
  rm -f "$state/datadir" "$state/uri"
}

start() {
  local state=$1 bin data port tries
  mkdir -p "$state"
  stop "$state"  # a server left behind by an interrupted run
  rm -f "$state/skip" "$state/uri"
  if ! bin=$(bindir); then
    echo "PostgreSQL server binaries not found (apt-get install postgresql)" >"$state/skip"
    echo "pg_server: $(<"$state/skip"); PostgreSQL tests will be skipped"
    return 0
  fi
  data=$(mktemp -d "${TMPDIR:-/tmp}/vigil-pg.XXXXXX")
  echo "$data" >"$state/datadir"
  # Whatever fails from here on: stop and remove what was started.
  trap 'stop "$state"' ERR
  if [[ $(id -u) -eq 0 ]]; then chown "$(id -u postgres 2>/dev/null || id -u nobody)" "$data"; fi
  as_owner "$bin/initdb" -D "$data/db" -U vigil --auth=trust -E UTF8 --locale=C --no-sync \
    >"$data/initdb.log" 2>&1 || { cat "$data/initdb.log" >&2; false; }
  for tries in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 40000))
    if as_owner "$bin/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 \
      -o "-k $data -p $port -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null; then
      break
    fi
    grep -q "could not bind\|already in use" "$data/server.log" || { cat "$data/server.log" >&2; false; }
    port=
  done
  [[ -n $port ]] || { echo "pg_server: no free port found" >&2; false; }
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 30
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U vigil vigil
  trap - ERR
  echo "postgresql://vigil@127.0.0.1:$port/vigil" >"$state/uri"
  echo "pg_server: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') at $(<"$state/uri")"
}

[[ $# -ge 2 ]] || usage
case $1 in
  start) start "$2" ;;
  stop) stop "$2" ;;
  run)
    [[ $# -ge 3 ]] || usage
    state=$2
    shift 2
    trap 'stop "$state"' EXIT
    trap 'exit 130' INT TERM
    start "$state"
    VIGIL_TEST_PG_STATE=$state "$@"
    ;;
  *) usage ;;
esac
