#!/usr/bin/env bash
# Bench build: under the shared build lock (others share .next/ and out/), runs the steps of
# `npm run build` one by one (the HTML rewrites through its own build:html script), prints how
# long each took as JSON (build:deploy, the nginx block and precompressed files, is not timed),
# and copies out/ to the target.
set -euo pipefail
cd "$(dirname "$0")/../.."
target=${1:?usage: locked-build.sh <target-dir>}
export NEXT_TELEMETRY_DISABLED=1
flock /tmp/voke-docs-build.lock bash -c '
  set -euo pipefail
  now() { date +%s.%N; }
  t0=$(now); node scripts/next.mjs build >/tmp/voke-bench-build.log 2>&1 || { tail -40 /tmp/voke-bench-build.log >&2; exit 1; }
  t1=$(now); npm run -s build:html >/dev/null
  t2=$(now); npx tsx scripts/build-search-index.mts out >/dev/null
  t3=$(now); npm run -s build:deploy >/dev/null
  rm -rf "$1"; cp -r out "$1"
  awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" "BEGIN { printf \"{\\\"next\\\":%.2f,\\\"post\\\":%.2f,\\\"pagefind\\\":%.2f}\\n\", b-a, c-b, d-c }"
' _ "$target"
