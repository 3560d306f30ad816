#!/bin/sh
# Install what the graph view and its UI tests need:
#  - cytoscape.js from npm into api/static/node_modules (pinned by api/static/package-lock.json);
#  - Debian's chromium for the headless UI tests (tests/ui), unless it is already there.
# Idempotent; run from anywhere. Needs npm; the chromium step needs root (CI runs as root).
set -eu
cd "$(dirname "$0")/.."

if command -v npm >/dev/null 2>&1; then
  if [ ! -f api/static/node_modules/cytoscape/dist/cytoscape.min.js ]; then
    npm ci --prefix api/static --no-audit --no-fund
  fi
else
  echo "npm not found: the graph view will show its 'library missing' message" >&2
fi

if ! command -v chromium >/dev/null 2>&1 && [ "${EUSEC_SKIP_CHROMIUM:-0}" != "1" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium not installed and cannot apt-get it here: the UI tests will be skipped" >&2
  fi
fi
