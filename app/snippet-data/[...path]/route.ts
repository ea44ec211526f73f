// Static JSON of each whole example program, highlighted at build time (out/snippet-data/<file>.json).
// Whole-file snippets load it when the reader opens them, so long programs cost a page nothing.
import { buildSnippet } from '../../../lib/server/snippet-model'
import { exampleFiles } from '../../../lib/server/example-files'

export const dynamic = 'force-static'
export const dynamicParams = false

export function generateStaticParams() {
  return exampleFiles().map((file) => ({ path: `${file}.json`.split('/') }))
}

export async function GET(_request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const file = (await params).path.join('/').replace(/\.json$/, '')
  return Response.json(await buildSnippet(file))
}
