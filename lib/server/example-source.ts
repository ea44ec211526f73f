// Build time only: reads an example program from examples/ and cuts out a named region.
// A missing file or region throws, which fails `next build`: no snippet can silently go stale.
import { readFileSync } from 'node:fs'
import { join, normalize, sep } from 'node:path'
import { extractRegion, withoutRegionMarkers } from '../snippets'

export const examplesDir = join(process.cwd(), 'examples')

/** One named region of the file, or (region undefined) the whole file without region markers. */
export function readExampleRegion(file: string, region?: string): string {
  const path = normalize(join(examplesDir, file))
  if (!path.startsWith(examplesDir + sep)) throw new Error(`Snippet file "${file}" is outside examples/.`)
  let source: string
  try {
    source = readFileSync(path, 'utf8')
  } catch {
    throw new Error(`Snippet file examples/${file} does not exist. Check the file name in the MDX.`)
  }
  return region === undefined ? withoutRegionMarkers(source) : extractRegion(source, region, `examples/${file}`)
}
