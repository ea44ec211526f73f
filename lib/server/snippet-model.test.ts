// The build-time snippet model keeps the code exactly and marks every slot default as one piece.
import { describe, expect, it } from 'vitest'
import { highlightLines } from './highlight'
import { buildSnippet, markSlots } from './snippet-model'
import { publishedSnippets } from './example-files'
import { codeColourVars, PALETTE_SIZE, SLOT_DEFAULTS } from '../snippets'

const code = [
  'PLANT_ID = os.environ.get("VOKE_PLANT_ID", "REPLACE-WITH-YOUR-PLANT-ID")',
  'client.connect("mqtt.voke.lovinka.com", 8887, keepalive=60)',
  'topic = f"cpi/{PLANT_ID}/telemetry"'
].join('\n')

describe('snippet model', () => {
  it('colours tokens in both themes and reproduces the code exactly', async () => {
    const lines = markSlots(code, await highlightLines(code, 'python'))
    expect(lines.map((l) => l.map((p) => p.text).join('')).join('\n')).toBe(code)
    expect(lines.flat().some((p) => p.light && p.dark && p.light !== p.dark)).toBe(true)
  })

  it('marks each slot default as one piece with its quote context', async () => {
    const lines = markSlots(code, await highlightLines(code, 'python'))
    const slots = lines.flat().filter((p) => p.slot)
    expect(slots.map((p) => [p.slot!.name, p.text, p.slot!.context.quote])).toEqual([
      ['plantId', SLOT_DEFAULTS.plantId, '"'],
      ['host', SLOT_DEFAULTS.host, '"'],
      ['port', '8887', '']
    ])
  })

  it('reads bash, where shiki may split a default across tokens', async () => {
    const sh = 'mosquitto_pub -i REPLACE-WITH-YOUR-PLANT-ID -h mqtt.voke.lovinka.com -p 8887'
    const lines = markSlots(sh, await highlightLines(sh, 'bash'))
    expect(lines[0]!.map((p) => p.text).join('')).toBe(sh)
    expect(lines[0]!.filter((p) => p.slot).map((p) => p.text)).toEqual([SLOT_DEFAULTS.plantId, SLOT_DEFAULTS.host, '8887'])
  })
})

describe('every published snippet', () => {
  it('fits the snippet stylesheet’s palette (classes k0 … k15)', async () => {
    const snippets = publishedSnippets()
    expect(snippets.length).toBeGreaterThan(20)
    for (const { file, region } of snippets) {
      const model = await buildSnippet(file, region)
      expect(model.colours.length, `${file}${region ? `#${region}` : ''}`).toBeLessThanOrEqual(PALETTE_SIZE)
      expect(() => codeColourVars(model)).not.toThrow()
    }
  })
})
