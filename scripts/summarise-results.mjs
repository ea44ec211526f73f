// Adds up the JSON reports of every test run: a line per suite, then the closing line CI reads,
// "N passed, N failed, N skipped" alone on the last line (the plain form any CI recognises).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const dir = process.argv[2]
let passed = 0
let failed = 0
let skipped = 0

function countPlaywright(suites) {
  for (const suite of suites ?? []) {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const status = t.status ?? t.results?.at(-1)?.status
        if (status === 'skipped') skipped++
        else if (status === 'expected' || status === 'flaky') passed++
        else failed++
      }
    }
    countPlaywright(suite.suites)
  }
}

for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const report = JSON.parse(readFileSync(join(dir, name), 'utf8'))
  if ('numPassedTests' in report) {
    // vitest
    passed += report.numPassedTests
    failed += report.numFailedTests
    skipped += report.numPendingTests + (report.numTodoTests ?? 0)
    console.log(`${name.replace('.json', '')}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`)
  } else {
    const before = { passed, failed }
    countPlaywright(report.suites)
    console.log(`${name.replace('.json', '')}: ${passed - before.passed} passed, ${failed - before.failed} failed`)
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
