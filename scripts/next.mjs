#!/usr/bin/env node
// Runs the Next.js CLI (`node scripts/next.mjs dev|build …`, as the npm scripts do) with nothing
// sent to another host, whatever the caller's environment or global Next config holds:
// - NEXT_TELEMETRY_DISABLED=1, for this process and every process Next starts;
// - offline-fetch.cjs preloaded in each of them: `next dev` asks registry.npmjs.org for the latest
//   Next version on every start (its "outdated" badge), whether telemetry is on or not.
// tests/unit/next-offline.test.ts runs it with a clean environment and watches every connect().
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const guard = fileURLToPath(new URL('./offline-fetch.cjs', import.meta.url))
process.env.NEXT_TELEMETRY_DISABLED = '1'
process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, `--require ${JSON.stringify(guard)}`].filter(Boolean).join(' ')

const require = createRequire(join(process.cwd(), 'package.json'))
require(guard)
// Next's CLI reads its arguments from process.argv[2…], which are ours.
require(require.resolve('next/dist/bin/next'))
