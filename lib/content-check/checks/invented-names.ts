// No invented product names. Voke's onboarding text names no session cookie and no web page,
// portal or console (it says only `Cookie: <your session cookie>`), so a page, an example or the
// starter kit that names one made it up, and a reader would look for it in vain. The names the
// source does give live in lib/facts/facts.json ("names"), empty today.
import { knownNames } from '../../facts'
import type { Finding } from '../finding'
import type { TextFile } from './facts'

// A cookie written out: `Cookie: name=…`, or a quoted name=value pair whose name says
// session/sid/auth ('voke_session=…'). Unquoted pairs are code (clean_session=True), and ALL_CAPS
// names are environment variables (VOKE_SESSION_COOKIE=).
const COOKIE_HEADER = /\bCookie:\s*([A-Za-z0-9_.-]+)=/g
const COOKIE_PAIR = /(?<=['"`])([A-Za-z][\w.-]*(?:session|sess|sid|auth)[\w.-]*)=/gi
// "the cookie named x", "the `x` cookie"
const COOKIE_NAMED = /\bcookie\s+(?:called|named)\s+[`'"]?([\w.-]+)|`([\w.-]+)`\s+cookie\b/gi
// Voke's own pages: "Voke's portal", "the Voke Console", "your dashboard", "the admin panel".
const PORTAL = /\b(?:Voke(?:'s|’s)?|the|your)\s+((?:[\w-]+\s+)?(?:portal|dashboard|control panel|admin panel|self-service page|web app))\b|\bVoke(?:'s|’s)?\s+((?:[\w-]+\s+)?console)\b|\b([A-Z][\w-]*\s+(?:Portal|Dashboard|Console))\b/g

function isEnvironmentName(name: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(name)
}

export function checkInventedNames(files: readonly TextFile[]): Finding[] {
  const findings: Finding[] = []
  const cookies = Object.keys(knownNames.cookies)
  const portals = Object.keys(knownNames.portals)
  for (const { file, source } of files) {
    source.split('\n').forEach((text, i) => {
      const at = (problem: string, fix: string) => findings.push({ check: 'names', file, line: i + 1, problem, fix })
      const cookieNames = new Set<string>()
      for (const m of text.matchAll(COOKIE_HEADER)) cookieNames.add(m[1]!)
      for (const m of text.matchAll(COOKIE_PAIR)) if (!isEnvironmentName(m[1]!)) cookieNames.add(m[1]!)
      for (const m of text.matchAll(COOKIE_NAMED)) cookieNames.add((m[1] ?? m[2])!)
      for (const name of cookieNames)
        if (!cookies.includes(name.toLowerCase()))
          at(
            `the cookie name "${name}" is not one Voke's onboarding text gives`,
            `write "<your session cookie>" (the source names no cookie), or add the name to "names.cookies" in lib/facts/facts.json if Voke's own text gives it`
          )
      for (const m of text.matchAll(PORTAL)) {
        const name = (m[1] ?? m[2] ?? m[3])!.replace(/\s+/g, ' ')
        if (!portals.includes(name.toLowerCase()))
          at(
            `"${name}" names a Voke page or portal that Voke's onboarding text does not give`,
            `say what to ask Voke instead (content/before-you-start.mdx, "What to obtain from Voke"), or add the name to "names.portals" in lib/facts/facts.json if Voke's own text gives it`
          )
      }
    })
  }
  return findings
}
