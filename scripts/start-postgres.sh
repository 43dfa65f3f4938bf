#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the tests and print its URL.
# Usage: scripts/start-postgres.sh [DATA_DIR] [PORT]   (idempotent; installs Debian postgresql if missing)
set -euo pipefail
DATA_DIR="${1:-/tmp/citypact-pg}"
PORT="${2:-54329}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  else
    echo "PostgreSQL is not installed and this user cannot install it (need root for apt-get)" >&2
    exit 1
  fi
fi
RUN_AS=()
if [ "$(id -u)" = "0" ]; then
  RUN_AS=(runuser -u postgres --)   # the server refuses to run as root
fi
mkdir -p "$DATA_DIR"
if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$DATA_DIR"; fi
if [ ! -f "$DATA_DIR/PG_VERSION" ]; then
  "${RUN_AS[@]}" "$BIN/initdb" -D "$DATA_DIR" -U postgres --auth=trust >/dev/null
fi
if ! "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1; then
  "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA_DIR" -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1" -l "$DATA_DIR/server.log" -w start >/dev/null
fi
echo "postgresql://postgres@127.0.0.1:$PORT/postgres"
