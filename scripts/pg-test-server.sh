#!/usr/bin/env bash
# Start a private, throw-away PostgreSQL cluster for the test suite and print its DATABASE_URL on stdout.
#
# Contract:
# - Needs the Debian packages `postgresql` and `postgresql-client` (scripts/test.sh installs them).
# - The cluster lives in ${KENNISBANK_PG_DIR:-/tmp/kennisbank-pg-<hash of this checkout's path>} (a short path the
#   `postgres` user can always reach, whatever the checkout's permissions) and listens on a Unix socket in that
#   directory only (no TCP port that another checkout's cluster could hold).
# - Root cannot run postgres: as root the cluster is owned by and run as the `postgres` user (runuser).
# - Idempotent: an already running cluster is reused. `scripts/pg-test-server.sh stop` stops it.
# - Role `kennisbank` (password `kennisbank`, CREATEDB so pytest-django can create test_kennisbank) and database
#   `kennisbank` are created when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PGDIR=$(realpath -m "${KENNISBANK_PG_DIR:-/tmp/kennisbank-pg-$(pwd | md5sum | cut -c1-8)}")
PORT=5432  # only names the socket file ($PGDIR/.s.PGSQL.5432)
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
    -o "-c listen_addresses= -p $PORT -k $PGDIR -c fsync=off -c synchronous_commit=off \
-c full_page_writes=off" start >&2 || { cat "$PGDIR/server.log" >&2; exit 1; }
fi
psql_admin() { as_owner "$BIN/psql" -h "$PGDIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'kennisbank'")" != 1 ]; then
  psql_admin -c "CREATE ROLE kennisbank LOGIN CREATEDB PASSWORD 'kennisbank'" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'kennisbank'")" != 1 ]; then
  psql_admin -c "CREATE DATABASE kennisbank OWNER kennisbank" >&2
fi
echo "postgres://kennisbank:kennisbank@$(printf %s "$PGDIR" | sed 's|/|%2F|g'):$PORT/kennisbank"
