// Voke's product facts (ports, host names, paths) in one data file, so a page or an example that
// retypes one wrongly is caught by `npm run check:content` (lib/content-check/checks/facts.ts).
import data from './facts.json'

export interface Facts {
  /** Port → what listens there. */
  ports: Readonly<Record<string, string>>
  hosts: Readonly<Record<string, string>>
  /** Path → what it is. `{plantId}` stands for any plant id. */
  paths: Readonly<Record<string, string>>
}

export const facts: Facts = { ports: data.ports, hosts: data.hosts, paths: data.paths }

/** "8887 (JWT listener, production), 8884 (…)" for messages. */
export function describeFacts(kind: keyof Facts): string {
  return Object.entries(facts[kind]).map(([value, what]) => `${value} (${what})`).join(', ')
}
