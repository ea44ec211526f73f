// Every exported HTML page under a directory (the post-build steps rewrite each one).
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

export function htmlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) return htmlFiles(full)
    return name.endsWith('.html') ? [full] : []
  })
}
