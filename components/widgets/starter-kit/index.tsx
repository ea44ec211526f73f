// <StarterKit /> for MDX: builds a zip with everything a device needs to connect (keys, settings,
// the connect program, run.sh) in the browser. The example programs are read at build time into
// the static /kit-sources.json (app/kit-sources.json/route.ts), so the kit always carries the files
// the tests run; the browser fetches that file when idle and only fills in the reader's values.
import StarterKitView from './starter-kit.lazy'

export function StarterKit() {
  return <StarterKitView sourcesUrl="/kit-sources.json" />
}
