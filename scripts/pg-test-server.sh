#!/usr/bin/env bash
# Start a private, throw-away PostgreSQL cluster for the test suite and print its DATABASE_URL on stdout.
#
# Contract:
# - Needs the Debian packages `postgresql` and `postgresql-client` (scripts/test.sh installs them).
# - The cluster lives in ${KENNISBANK_PG_DIR:-var/pg} and listens on 127.0.0.1:${KENNISBANK_PG_PORT:-54329} only.
# - Root cannot run postgres: as root the cluster is owned by and run as the `postgres` user (runuser).
# - Idempotent: an already running cluster is reused. `scripts/pg-test-server.sh stop` stops it.
# - Role `kennisbank` (password `kennisbank`, CREATEDB so pytest-django can create test_kennisbank) and database
#   `kennisbank` are created when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PGDIR=$(realpath -m "${KENNISBANK_PG_DIR:-var/pg}")
PORT="${KENNISBANK_PG_PORT:-54329}"
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$BIN" ] || { echo "PostgreSQL is not installed (apt-get install postgresql postgresql-client)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = "stop" ]; then
  [ -f "$PGDIR/data/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >&2
  exit 0
fi

mkdir -p "$PGDIR"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDIR"
if [ ! -f "$PGDIR/data/PG_VERSION" ]; then
  as_owner "$BIN/initdb" -D "$PGDIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$PGDIR/initdb.log" 2>&1 || { cat "$PGDIR/initdb.log" >&2; exit 1; }
fi
if ! as_owner "$BIN/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1; then
  as_owner "$BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGDIR -c fsync=off -c synchronous_commit=off \
-c full_page_writes=off" start >&2 || { cat "$PGDIR/server.log" >&2; exit 1; }
fi
psql_admin() { as_owner "$BIN/psql" -h "$PGDIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'kennisbank'")" != 1 ]; then
  psql_admin -c "CREATE ROLE kennisbank LOGIN CREATEDB PASSWORD 'kennisbank'" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'kennisbank'")" != 1 ]; then
  psql_admin -c "CREATE DATABASE kennisbank OWNER kennisbank" >&2
fi
echo "postgres://kennisbank:kennisbank@127.0.0.1:$PORT/kennisbank"
