// Builds the function nodes of examples/node-red/flow.json from their source files, so the code the
// site shows (by region) is the code the flow runs: node "Voke connection" ← voke-connection.js.
// `npx tsx scripts/sync-node-red-flow.ts` writes flow.json; `--check` only says whether it is in sync.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const flowDir = resolve(__dirname, '..', 'examples', 'node-red')
export const flowFile = join(flowDir, 'flow.json')

/** One node of a Node-RED flow export (only the fields this script reads are typed). */
export interface FlowNode {
  id: string
  type: string
  name?: string
  func?: string
  [field: string]: unknown
}

/** A function node's source file: its name in kebab-case, e.g. "Delivery report" → delivery-report.js. */
export function sourceFileOf(nodeName: string): string {
  return `${nodeName.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.js`
}

/** flow.json as it should be written, and what is out of date in the file on disk (none: in sync). */
export function syncedFlow(): { text: string; problems: string[] } {
  const text = readFileSync(flowFile, 'utf8')
  const flow = JSON.parse(text) as FlowNode[]
  const used = new Set<string>()
  const problems: string[] = []
  for (const node of flow.filter((n) => n.type === 'function')) {
    const file = sourceFileOf(node.name ?? '')
    used.add(file)
    let source: string
    try {
      source = readFileSync(join(flowDir, file), 'utf8')
    } catch {
      problems.push(`function node "${node.name}" has no source file examples/node-red/${file}`)
      continue
    }
    if (node.func !== source) problems.push(`function node "${node.name}" differs from examples/node-red/${file}`)
    node.func = source
  }
  for (const file of readdirSync(flowDir).filter((f) => f.endsWith('.js') && !used.has(f)))
    problems.push(`examples/node-red/${file} belongs to no function node in flow.json`)
  const synced = `${JSON.stringify(flow, null, 4)}\n`
  if (!problems.length && synced !== text) problems.push('examples/node-red/flow.json is not laid out as this script writes it')
  return { text: synced, problems }
}

// Run as a script (not when a test imports it).
if (process.argv[1] && resolve(process.argv[1]) === __filename) {
  const { text, problems } = syncedFlow()
  if (process.argv.includes('--check')) {
    if (problems.length) {
      console.error(`${problems.join('\n')}\nRun: npx tsx scripts/sync-node-red-flow.ts`)
      process.exit(1)
    }
  } else {
    writeFileSync(flowFile, text)
    console.log(problems.length ? `updated examples/node-red/flow.json:\n${problems.join('\n')}` : 'examples/node-red/flow.json was in sync')
  }
}
