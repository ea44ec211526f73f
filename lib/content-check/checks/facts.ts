// Product facts (ports, Voke host names, product paths) are kept in lib/facts/facts.json. Pages and
// examples may write them out (readers copy them), but each one written must be a fact from that
// file: a retyped port, host or path that differs is caught here instead of by a plant that
// cannot connect.
import { describeFacts, facts } from '../../facts'
import type { Finding } from '../finding'

export interface TextFile {
  file: string
  source: string
}

const PORT_WORD = /\bports?\b|listener|--port|_PORT\b/i
const NUMBER = /(?<![\w.\-/:#]|\d[.,])(\d{4,5})(?![\w]|[.,]\d|-\d|\s*-?bits?\b)/g
const HOST_PORT = /(?:[\w\]]):(\d{4,5})\b/g
const VOKE_HOST = /\b(?:[a-z0-9-]+\.)*(?:voke|lovinka)(?:\.[a-z0-9-]+)+/gi
const PATH = /\/api\/v\d+\/plants\/[^/\n]+?\/[\w-]+|(?:\/mosquitto\/|\/etc\/voke\/|docker\/mosquitto\/|scripts\/pki|\/api\/v\d+\/)[^\s`'"()<>|,;*\]]*/g

const knownPorts = new Set(Object.keys(facts.ports))
const knownHosts = new Set(Object.keys(facts.hosts))
const knownPaths = Object.keys(facts.paths)

function looksLikeVokePort(n: string): boolean {
  return /^(88\d\d|1883)$/.test(n)
}

function normalisePath(raw: string): string {
  return raw
    .replace(/\/plants\/[^/\n]+?\/(?=[\w-])/, '/plants/{plantId}/')
    .replace(/[.:]+$/, '')
}

function knownPath(path: string): boolean {
  return knownPaths.some((p) => p === path || (path.endsWith('/') ? p.startsWith(path) : p.startsWith(path + '/')) || p === path + '/')
}

export function checkFacts(files: readonly TextFile[]): Finding[] {
  const findings: Finding[] = []
  for (const { file, source } of files) {
    let portColumn = -1 // inside a Markdown table whose header has a Port column: that column's index
    source.split('\n').forEach((text, i) => {
      const line = i + 1
      const at = (problem: string, fix: string) => findings.push({ check: 'facts', file, line, problem, fix })
      if (!text.trimStart().startsWith('|')) portColumn = -1
      else if (portColumn < 0 && /\|\s*Ports?\s*\|/i.test(text)) portColumn = text.split('|').findIndex((c) => /^\s*ports?\s*$/i.test(c))

      const ports = new Set<string>()
      for (const m of text.matchAll(HOST_PORT)) ports.add(m[1]!)
      const cells = text.split('|')
      for (const m of text.matchAll(NUMBER)) {
        const n = m[1]!
        const value = Number(n)
        if (value < 1024 || value >= 65535) continue // 65535: the range's upper bound in argument checks
        const inPortColumn = portColumn >= 0 && text.slice(0, m.index).split('|').length - 1 === portColumn && cells.length > portColumn
        // "port **8887**", "PORT = 8887", "--port 8884": the word comes just before the number.
        const nearWord = PORT_WORD.test(text.slice(Math.max(0, m.index - 25), m.index))
        if (looksLikeVokePort(n) || inPortColumn || nearWord) ports.add(n)
      }
      for (const port of ports)
        if (!knownPorts.has(port))
          at(`port ${port} is not one of Voke's ports`, `use the right one: ${describeFacts('ports')} (lib/facts/facts.json). If Voke added a listener, add it there first.`)

      for (const m of text.matchAll(VOKE_HOST)) {
        const host = m[0].toLowerCase().replace(/\.+$/, '')
        if (!knownHosts.has(host)) at(`host name ${m[0]} is not one of Voke's hosts`, `use ${describeFacts('hosts')} (lib/facts/facts.json)`)
      }
      for (const m of text.matchAll(PATH)) {
        const path = normalisePath(m[0])
        if (!knownPath(path)) at(`path ${m[0]} is not one of Voke's paths`, `use one of: ${knownPaths.join(', ')} (lib/facts/facts.json)`)
      }
    })
  }
  return findings
}
