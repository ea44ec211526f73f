// Static JSON of every example snippet, highlighted at build time: each whole program
// (out/snippet-data/<file>.json) and each region (out/snippet-data/<file>/<region>.json).
// Whole programs load when the reader opens them and the other languages of a switch when the
// page is idle, so a page carries only the code it shows first.
import { buildSnippet } from '../../../lib/server/snippet-model'
import { publishedSnippets, snippetDataUrl, snippetOfPath } from '../../../lib/server/example-files'

export const dynamic = 'force-static'
export const dynamicParams = false

export function generateStaticParams() {
  return publishedSnippets().map(({ file, region }) => ({ path: snippetDataUrl(file, region).split('/').slice(2) }))
}

export async function GET(_request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const { file, region } = snippetOfPath((await params).path)
  return Response.json(await buildSnippet(file, region))
}
