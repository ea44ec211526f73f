// Voke's product facts (ports, host names, paths) in one data file, so a page or an example that
// retypes one wrongly is caught by `npm run check:content` (lib/content-check/checks/facts.ts).
// The same file lists the names the source gives for cookies and portals (none), and the words
// that mark an operator's step (lib/content-check/checks/invented-names.ts, integrator-path.ts).
import data from './facts.json'

export interface Facts {
  /** Port → what listens there. */
  ports: Readonly<Record<string, string>>
  hosts: Readonly<Record<string, string>>
  /** Path → what it is. `{plantId}` stands for any plant id. */
  paths: Readonly<Record<string, string>>
}

export const facts: Facts = { ports: data.ports, hosts: data.hosts, paths: data.paths }

/** Names the source gives to Voke's cookies and web pages (lower case → what it is). */
export interface KnownNames {
  cookies: Readonly<Record<string, string>>
  portals: Readonly<Record<string, string>>
}

export const knownNames: KnownNames = { cookies: withoutComment(data.names.cookies), portals: withoutComment(data.names.portals) }

/** Word or phrase → why it is a step only the listener's operator can take. */
export const operatorOnly: Readonly<Record<string, string>> = withoutComment(data.operatorOnly)

function withoutComment(entries: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(entries).filter(([key]) => key !== '$comment'))
}

/** "8887 (JWT listener, production), 8884 (…)" for messages. */
export function describeFacts(kind: keyof Facts): string {
  return Object.entries(facts[kind]).map(([value, what]) => `${value} (${what})`).join(', ')
}
