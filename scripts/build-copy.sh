#!/usr/bin/env bash
# For working side by side: build the site under a lock (builds share .next/ and out/), then copy
# out/ to the directory given, so `SITE_DIR=<dir> E2E_PORT=<port> npx playwright test` can use it.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/build-copy.sh <target-dir>}
export NEXT_TELEMETRY_DISABLED=1
flock /tmp/voke-docs-build.lock bash -c "npm run build >/tmp/voke-build-\$\$.log 2>&1 || { tail -40 /tmp/voke-build-\$\$.log; exit 1; }; rm -rf '$target'; cp -r out '$target'"
echo "built into $target"
