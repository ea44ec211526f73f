// Snippets on the site come from the example programs: cut a named region out of a file, and fill
// the reader's plant profile into the literal defaults the examples use, quoted for the language.
import { CodedError } from '../errors'

export type SnippetErrorCode =
  | 'SNIPPET_REGION_MISSING'
  | 'SNIPPET_REGION_DUPLICATE'
  | 'SNIPPET_REGION_NESTED'
  | 'SNIPPET_REGION_UNCLOSED'
  | 'SNIPPET_REGION_EMPTY'

export class SnippetError extends CodedError<SnippetErrorCode> {}

export type SnippetLanguage = 'python' | 'typescript' | 'javascript' | 'json' | 'bash' | 'c' | 'makefile'

export function languageOf(fileName: string): SnippetLanguage {
  if (fileName.endsWith('.py')) return 'python'
  if (fileName.endsWith('.c') || fileName.endsWith('.h')) return 'c'
  if (fileName.endsWith('.ts')) return 'typescript'
  if (fileName.endsWith('.js') || fileName.endsWith('.mjs')) return 'javascript'
  if (fileName.endsWith('.json')) return 'json'
  // A Makefile's recipe lines start with a tab: shown (and copied) as they are, never filled.
  if (/(^|\/)(GNU)?[Mm]akefile$|\.mk$/.test(fileName)) return 'makefile'
  return 'bash'
}

// `# region connect` … `# endregion connect` (Python, shell) and `// #region connect` … `// #endregion connect` (TS, C).
const REGION_START = /^\s*(?:#|\/\/)\s*#?region\s+([\w-]+)\s*$/
const REGION_END = /^\s*(?:#|\/\/)\s*#?endregion(?:\s+([\w-]+))?\s*$/

function dedent(lines: string[]): string[] {
  const indents = lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length)
  const cut = indents.length ? Math.min(...indents) : 0
  return lines.map((l) => l.slice(cut))
}

/** The names of the regions marked in a file, in order of appearance. */
export function regionNames(source: string): string[] {
  return source.split(/\r?\n/).flatMap((line) => {
    const match = REGION_START.exec(line)
    return match ? [match[1]!] : []
  })
}

/** The lines between the named region markers, dedented, without the markers or any inner markers. */
export function extractRegion(source: string, region: string, fileName = 'the example'): string {
  const lines = source.split(/\r?\n/)
  let start = -1
  let end = -1
  const open: string[] = []
  lines.forEach((line, index) => {
    const startMatch = REGION_START.exec(line)
    if (startMatch) {
      const name = startMatch[1]!
      if (name === region) {
        if (start !== -1)
          throw new SnippetError(
            'SNIPPET_REGION_DUPLICATE',
            `Region "${region}" appears twice in ${fileName}.`,
            'Give each region in a file a unique name.'
          )
        start = index
      }
      if (open.length)
        throw new SnippetError(
          'SNIPPET_REGION_NESTED',
          `Region "${name}" starts inside region "${open.at(-1)}" in ${fileName}.`,
          'Close a region before opening the next one: regions may not nest.'
        )
      open.push(name)
      return
    }
    const endMatch = REGION_END.exec(line)
    if (endMatch) {
      const name = open.pop()
      if (name === region && end === -1) end = index
    }
  })
  if (start === -1)
    throw new SnippetError(
      'SNIPPET_REGION_MISSING',
      `No region "${region}" in ${fileName}.`,
      `Mark it in the example with "region ${region}" and "endregion ${region}" comments, or fix the region name in the MDX.`
    )
  if (end === -1)
    throw new SnippetError(
      'SNIPPET_REGION_UNCLOSED',
      `Region "${region}" in ${fileName} is never closed.`,
      `Add an "endregion ${region}" comment after its last line.`
    )
  const body = dedent(lines.slice(start + 1, end))
  while (body.length && !body[0]!.trim()) body.shift()
  while (body.length && !body.at(-1)!.trim()) body.pop()
  if (!body.length)
    throw new SnippetError('SNIPPET_REGION_EMPTY', `Region "${region}" in ${fileName} is empty.`, 'Put code between the markers.')
  return body.join('\n')
}

/** The whole file as a reader should copy it: every region marker line removed, nothing else. */
export function withoutRegionMarkers(source: string): string {
  return source
    .split(/\r?\n/)
    .filter((line) => !REGION_START.test(line) && !REGION_END.test(line))
    .join('\n')
    .replace(/\n+$/, '')
}

/** The reader's plant profile. Holds no secrets: no key, no token. */
export interface PlantProfile {
  plantId: string
  host: string
  port: string
  privateKeyPath: string
}

/** The literal defaults the example programs use; the site replaces exactly these strings. */
export const SLOT_DEFAULTS: PlantProfile = {
  plantId: 'REPLACE-WITH-YOUR-PLANT-ID',
  host: 'mqtt.voke.lovinka.com',
  port: '8887',
  privateKeyPath: '/etc/voke/jwt-private.pem'
}

export type SlotName = keyof PlantProfile

/** How a slot occurrence is embedded: inside which quotes, and whether inside a URL. */
export type SlotContext = { quote: '"' | "'" | '`' | ''; inUrl: boolean }

export interface SlotOccurrence {
  slot: SlotName
  index: number
  length: number
  context: SlotContext
}

function contextAt(code: string, index: number): SlotContext {
  const lineStart = code.lastIndexOf('\n', index - 1) + 1
  const before = code.slice(lineStart, index)
  // The innermost open quote before the slot on this line decides the quoting rules.
  let quote: SlotContext['quote'] = ''
  for (const ch of before) {
    if (quote === '' && (ch === '"' || ch === "'" || ch === '`')) quote = ch
    else if (ch === quote) quote = ''
  }
  // A URL (scheme://…) is percent-encoded; an MQTT topic like cpi/<plant>/telemetry is not.
  const token = /[^\s"'`]*$/.exec(before)![0]
  const inUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(token)
  return { quote, inUrl }
}

/** Every place a slot default appears in the code, in order. */
export function findSlots(code: string): SlotOccurrence[] {
  const found: SlotOccurrence[] = []
  for (const slot of Object.keys(SLOT_DEFAULTS) as SlotName[]) {
    const literal = SLOT_DEFAULTS[slot]
    const pattern = slot === 'port' ? /(?<![\w.-])8887(?![\w.-])/g : new RegExp(literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'g')
    for (const match of code.matchAll(pattern)) {
      found.push({ slot, index: match.index!, length: literal.length, context: contextAt(code, match.index!) })
    }
  }
  return found.sort((a, b) => a.index - b.index)
}

/** The text to put where a slot default stood, safe inside its quotes in that language. */
export function quoteValue(language: SnippetLanguage, context: SlotContext, raw: string): string {
  const value = context.inUrl ? encodeURIComponent(raw) : raw
  if (language === 'bash') {
    if (context.quote === "'") return value.replace(/'/g, `'\\''`)
    if (context.quote === '"') return value.replace(/[\\"$`]/g, '\\$&')
    return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`
  }
  if (language === 'c') {
    // A C string literal: \ and " escaped, a newline as \n, and every ? as \? so that no "??x"
    // becomes a trigraph under -std=c11. Other characters (UTF-8 too) stand as they are.
    if (context.quote !== '"') return value
    return value.replace(/[\\"?]/g, '\\$&').replace(/\n/g, '\\n')
  }
  if (language === 'json') {
    // Every slot in a JSON file (a Node-RED flow.json) is inside a JSON string, and that string is
    // often JavaScript (a function node's func) with the slot in a JS literal. So the value is made
    // safe for any JS literal first (\uXXXX for quotes, \, $ and control characters), then for JSON
    // (each \ doubled). The quote the scan found may be a JSON-escaped \" and is not used.
    const js = value.replace(/[\u0000-\u001f'"`\\$]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
    return js.replace(/\\/g, '\\\\')
  }
  if (context.quote === '`') return value.replace(/[\\`]/g, '\\$&').replace(/\$\{/g, '\\${')
  if (context.quote === '"' || context.quote === "'")
    return value
      .replace(/\\/g, '\\\\')
      .replace(new RegExp(context.quote, 'g'), `\\${context.quote}`)
      .replace(/\n/g, '\\n')
  return value
}

/** The code with every slot default replaced by the profile's value (unset values keep the default). */
export function fillSlots(code: string, language: SnippetLanguage, profile: Partial<PlantProfile>): string {
  let out = ''
  let cursor = 0
  for (const occ of findSlots(code)) {
    const value = profile[occ.slot]?.trim()
    out += code.slice(cursor, occ.index)
    out += value ? quoteValue(language, occ.context, value) : code.slice(occ.index, occ.index + occ.length)
    cursor = occ.index + occ.length
  }
  return out + code.slice(cursor)
}
