#!/usr/bin/env bash
# Install everything the tests need (Python packages, Debian chromium, PostgreSQL and Redis, axe-core) and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
APT_UPDATED=""
if ! command -v chromium >/dev/null 2>&1; then
  $SUDO apt-get update -qq; APT_UPDATED=1
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
if ! command -v npm >/dev/null 2>&1; then  # axe-core for the accessibility check comes from the npm registry
  [ -n "$APT_UPDATED" ] || { $SUDO apt-get update -qq; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi
# Redis: the shared-cache tests start a throwaway redis-server (tests/conftest.py::redis_url).
if ! command -v redis-server >/dev/null 2>&1; then
  [ -n "$APT_UPDATED" ] || { $SUDO apt-get update -qq; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
fi
# PostgreSQL: the suite runs a second time against a real server (scripts/pg-test-server.sh).
if [ "${KENNISBANK_TEST_PG:-1}" = 1 ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  [ -n "$APT_UPDATED" ] || { $SUDO apt-get update -qq; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql postgresql-client >/dev/null
fi
PY=$(command -v python3.11 || command -v python3)
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"
[ -x scripts/install-test-deps.sh ] && scripts/install-test-deps.sh
.venv/bin/ruff check .
.venv/bin/lint-imports                      # layers only point down (contract in pyproject.toml)
.venv/bin/mypy                              # type check kennisbank/, search/, importers/, channels/, insight/
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null || {
  echo "Model changes without a migration: run manage.py makemigrations" >&2; exit 1; }
export HYPOTHESIS_PROFILE="${HYPOTHESIS_PROFILE:-ci}"  # property tests with a fixed seed (tests/conftest.py)
.venv/bin/pytest "$@"
# Second pass on PostgreSQL (browser tests deselected to keep CI time sane). KENNISBANK_TEST_PG=0 skips it.
if [ "${KENNISBANK_TEST_PG:-1}" = 1 ]; then
  PG_URL=$(scripts/pg-test-server.sh)
  trap 'scripts/pg-test-server.sh stop || true' EXIT
  echo "== PostgreSQL pass =="
  DATABASE_URL="$PG_URL" .venv/bin/pytest -m "not browser" "$@"
fi
