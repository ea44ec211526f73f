#!/usr/bin/env bash
# One command for a fresh Debian machine: install what the tests need, then run every test.
# CI runs exactly this (see .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 CI=${CI:-true}
results=$(mktemp -d)

step() { printf '\n=== %s\n' "$*"; }

step 'system packages'
bash scripts/install-system-deps.sh test
step 'npm packages'
npm ci --no-audit --no-fund

step 'content check (docs team: npm run check:content)'
npm run --silent check:content

step 'type check'
npx tsc --noEmit

step 'unit tests (lib/, case tables)'
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/unit.json"

step 'broker tests (Mosquitto + JWT auth plugin)'
npx vitest run -c vitest.broker.config.ts --reporter=default --reporter=json --outputFile.json="$results/broker.json"

step 'differential check: brokerVerdict against the real plugin (../shared/oracle, when present)'
oracle=../shared/oracle/libmosquitto_jwt_auth.so
if [ -f "$oracle" ]; then
  # Fixed seed so CI is repeatable; by hand, leave --seed out for a fresh one (it is printed).
  npm run --silent check:real-plugin -- --plugin "$oracle" --count 3000 --seed "${CHECK_REAL_PLUGIN_SEED:-23}" --port 19500
  npm run --silent check:real-plugin -- --plugin "$oracle" --cases --port 19500   # every case-table row, too
else
  echo "SKIPPED: $oracle is not on this machine (the real plugin is not part of the project); nothing else needs it"
fi

step 'differential check: the local plugin (broker/plugin) against brokerVerdict (always runs)'
# No oracle needed: brokerVerdict is held to the real plugin above (and by hand), so this holds the
# project's own plugin to the same tokens on every machine. ABORT_ON_PANIC makes it crash where the
# real plugin panics, as the check expects.
make -s -C broker
VOKE_JWT_AUTH_ABORT_ON_PANIC=1 npm run --silent check:real-plugin -- --plugin broker/build/voke_jwt_auth.so --count 3000 --seed 23 --port 19510

step 'example programs against the local broker'
npx vitest run -c vitest.examples.config.ts --reporter=default --reporter=json --outputFile.json="$results/examples.json"

step 'build the static site and its search index'
npm run build

step 'content checks on the built site'
npx vitest run -c vitest.content.config.ts --reporter=default --reporter=json --outputFile.json="$results/content.json"

# Served as production serves it: Debian's nginx with the server block and headers the build wrote.
# The node server (npm run serve) is checked against nginx, header for header, by the content
# checks above (tests/content/static-server.test.ts).
step 'browser tests (Debian Chromium, site served by nginx)'
E2E_SERVER=nginx PLAYWRIGHT_JSON_OUTPUT_NAME="$results/e2e.json" npx playwright test --reporter=list,json

step 'summary'
node scripts/summarise-results.mjs "$results"
