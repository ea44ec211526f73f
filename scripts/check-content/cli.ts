// `npm run check:content`: prints every finding as file:line, what is wrong, how to fix; exits 1 if any.
import { join } from 'node:path'
import { checkContent, formatFinding } from '../../lib/content-check'

async function main() {
  const started = performance.now()
  const findings = await checkContent(join(__dirname, '..', '..'))
  for (const f of findings) console.log(formatFinding(f) + '\n')
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  if (findings.length) {
    console.log(`check:content: ${findings.length} finding${findings.length === 1 ? '' : 's'} (${seconds} s). Fix them, then run npm run check:content again.`)
    process.exit(1)
  }
  console.log(`check:content: content/ is fine (${seconds} s)`)
}

void main()
