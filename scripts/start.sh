#!/usr/bin/env bash
# One command for a fresh Debian machine: install, build the static site with its search index,
# and serve it on http://127.0.0.1:3000 (PORT=… to change).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
bash scripts/install-system-deps.sh site
npm ci --no-audit --no-fund
npm run build
exec npm run serve
