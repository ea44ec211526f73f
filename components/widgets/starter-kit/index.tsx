// <StarterKit /> for MDX: builds a zip with everything a device needs to connect (keys, settings,
// the connect program, run.sh) in the browser. The example programs are read here, at build time,
// so the kit always carries the files the tests run; the browser only fills in the reader's values.
import { readKitSources } from '../../../lib/server/kit-sources'
import StarterKitView from './starter-kit.lazy'

export function StarterKit() {
  return <StarterKitView sources={readKitSources()} />
}
