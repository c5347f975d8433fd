#!/usr/bin/env sh
# Test-only dependencies that are not Python packages. Idempotent; run from the repository root.
#   - axe-core (accessibility rules injected into pages by tests/channels/test_website_browser.py)
# Debian's chromium is installed by the CI image (apt-get install chromium); never `playwright install`.
set -eu
cd "$(dirname "$0")/.."
if [ ! -f .cache/axe/node_modules/axe-core/axe.min.js ]; then
    npm install --prefix .cache/axe --no-audit --no-fund --no-save axe-core@4
fi
echo "axe-core: $(node -p "require('./.cache/axe/node_modules/axe-core/package.json').version")"
