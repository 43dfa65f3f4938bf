#!/usr/bin/env bash
# Start a PostgreSQL server for citypact (tests, a shared registry) and print its URL, e.g.
#   export CITYPACT_TEST_PG_URL="$(scripts/start-postgres.sh)"
# Usage: scripts/start-postgres.sh [DATA_DIR] [PORT]        start (or find running) and print the URL
#        scripts/start-postgres.sh --stop [DATA_DIR]        stop it
# Idempotent: installs Debian's postgresql package if missing (as root), creates the cluster once,
# starts it unless it runs. The server refuses to run as root, so as root it runs as `postgres`.
set -euo pipefail

STOP=0
if [ "${1:-}" = "--stop" ]; then STOP=1; shift; fi
DATA_DIR="${1:-/tmp/citypact-pg}"
PORT="${2:-54329}"

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true; }
BIN="$(find_bin)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "PostgreSQL is not installed and this user cannot install it: run as root, or apt-get install postgresql" >&2
    exit 1
  fi
  echo "installing Debian's postgresql package..." >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  BIN="$(find_bin)"
fi

RUN_AS=()
if [ "$(id -u)" = "0" ]; then
  RUN_AS=(runuser -u postgres --)
fi

if [ "$STOP" = "1" ]; then
  if [ -f "$DATA_DIR/PG_VERSION" ]; then
    "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA_DIR" -m fast -w stop >/dev/null 2>&1 || true
  fi
  exit 0
fi

mkdir -p "$DATA_DIR"
if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$DATA_DIR"; chmod 700 "$DATA_DIR"; fi
if [ ! -f "$DATA_DIR/PG_VERSION" ]; then
  LOCALE=C
  if locale -a 2>/dev/null | grep -qix 'c.utf-\?8'; then LOCALE=C.UTF-8; fi
  "${RUN_AS[@]}" "$BIN/initdb" -D "$DATA_DIR" -U postgres --auth=trust -E UTF8 --locale="$LOCALE" >/dev/null
fi
if ! "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1; then
  "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA_DIR" -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1" \
    -l "$DATA_DIR/server.log" -w -t 60 start >/dev/null \
    || { echo "PostgreSQL did not start; see $DATA_DIR/server.log" >&2; tail -n 5 "$DATA_DIR/server.log" >&2; exit 1; }
else
  # already running: report the port it really listens on
  PORT="$(sed -n '4p' "$DATA_DIR/postmaster.pid" 2>/dev/null || echo "$PORT")"
fi
echo "postgresql://postgres@127.0.0.1:$PORT/postgres"
