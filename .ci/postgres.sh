#!/usr/bin/env bash
# Starts and stops a throwaway PostgreSQL cluster for the tests, on a free loopback port under a temporary directory.
#
#   source .ci/postgres.sh
#   pg_start      # installs PostgreSQL with apt-get when missing; exports CROWDSOURCING_POSTGRES
#   ...           # run the tests
#   pg_stop       # stops the cluster and removes its directory
#
# The tests read the connection string from CROWDSOURCING_POSTGRES (a superuser that may create databases).

pg_find_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

pg_as_owner() {
  # initdb and postgres refuse to run as root: run them as the postgres user when we are root.
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# shellcheck source=ports.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/ports.sh"

pg_start() {
  PG_BIN=$(pg_find_bin || true)
  if [ -z "$PG_BIN" ]; then
    echo "PostgreSQL is not installed: installing it with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
    PG_BIN=$(pg_find_bin)
  fi

  PG_DIR=$(mktemp -d /tmp/crowdsourcing-pg.XXXXXX)
  if [ "$(id -u)" = "0" ]; then
    chown postgres: "$PG_DIR"
  fi
  PG_PORT=$(ci_free_port)

  pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U crowd --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log"; return 1; }
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$PG_DIR/server.log"; return 1; }

  export CROWDSOURCING_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=crowd;Database=postgres"
  export PG_BIN PG_DIR PG_PORT
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT ($PG_DIR)"
}

pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
