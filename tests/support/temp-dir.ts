// Fresh folders under the system's temp dir for one test file, removed in its afterAll, so runs
// do not pile up folders in /tmp (each run of the suite left a few hundred). The test runners end
// their workers with a signal, so a process 'exit' hook would not run: the file must call removeAll.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function tempDirs() {
  const made: string[] = []
  return {
    make(prefix: string): string {
      const dir = mkdtempSync(join(tmpdir(), prefix))
      made.push(dir)
      return dir
    },
    removeAll(): void {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
    }
  }
}
