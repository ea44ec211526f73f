// Static JSON of what a starter kit is made of (out/kit-sources.json): the example programs,
// check_token.py, the lock file and the bundled broker rules, read at build time. The Quick start
// page fetches it when idle instead of carrying ~200 kB of program text in its HTML.
import { readKitSources } from '../../lib/server/kit-sources'

export const dynamic = 'force-static'

export function GET() {
  return Response.json(readKitSources())
}
