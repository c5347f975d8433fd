#!/usr/bin/env bash
# Install into .venv, migrate, load the demo catalogue, build the search index, start the task worker and the
# web server on the embedded defaults (SQLite + tantivy in ./var). Idempotent: run it again any time.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=$(command -v python3.11 || command -v python3)
# Every absolute link (posts, feeds, calendars, CSV, sitemap, JSON-LD) and the Wagtail Site follow this address.
export KENNISBANK_BASE_URL="${KENNISBANK_BASE_URL:-http://127.0.0.1:${PORT:-8000}}"
export WAGTAILADMIN_BASE_URL="${WAGTAILADMIN_BASE_URL:-$KENNISBANK_BASE_URL}"
# The demo runs as citizens see the site: DEBUG off (the real 404/500 pages), static files through whitenoise.
export DJANGO_DEBUG="${DJANGO_DEBUG:-0}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py collectstatic --noinput --verbosity 0
.venv/bin/python manage.py setup_demo
.venv/bin/python manage.py db_worker --queue-name '*' --interval 0.2 &
WORKER=$!
# Safety net, as the deployment's kennisbank-search-verify.timer: repair index drift every 10 minutes.
( while sleep 600; do .venv/bin/python manage.py search_verify --fix >/dev/null 2>&1 || true; done ) &
VERIFY=$!
trap 'kill $WORKER $VERIFY 2>/dev/null || true' EXIT INT TERM
echo "Kennisbank draait op http://127.0.0.1:${PORT:-8000}/ (Ctrl+C om te stoppen)"
.venv/bin/python manage.py runserver "127.0.0.1:${PORT:-8000}"
