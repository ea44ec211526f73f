// Region extraction fails clearly, and filled snippets stay valid code: each language's real
// interpreter reads the filled value back unchanged, whatever characters the plant id holds.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { extractRegion, fillSlots, findSlots, languageOf, SLOT_DEFAULTS, SnippetError, withoutRegionMarkers } from './snippets'

const cDir = mkdtempSync(join(tmpdir(), 'snippet-c-'))
afterAll(() => rmSync(cDir, { recursive: true, force: true }))

/** Compiles C source with the flags examples/c uses (trigraphs on, as -std=c11 has them) and runs it. */
function compileAndRunC(source: string): string {
  const binary = join(cDir, `t${Math.random().toString(36).slice(2)}`)
  execFileSync('cc', ['-std=c11', '-Wall', '-Wextra', '-Werror', '-x', 'c', '-', '-o', binary], { input: source, stdio: ['pipe', 'pipe', 'pipe'] })
  return execFileSync(binary, { encoding: 'utf8' })
}

const py = `import os
# region connect
PLANT_ID = os.environ.get("VOKE_PLANT_ID", "REPLACE-WITH-YOUR-PLANT-ID")
    # region inner-not-allowed
# endregion connect
`

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    if (error instanceof SnippetError) return error.code
    throw error
  }
  return 'no error'
}

describe('extractRegion', () => {
  const source = ['a = 1', '# region connect', '    x = 1', '    y = 2', '# endregion connect', 'b = 2'].join('\n')

  it('returns the dedented lines between the markers', () => {
    expect(extractRegion(source, 'connect')).toBe('x = 1\ny = 2')
  })

  it('reads TypeScript // #region markers', () => {
    expect(extractRegion('// #region sign\nconst a = 1\n// #endregion sign\n', 'sign')).toBe('const a = 1')
  })

  it('fails with SNIPPET_REGION_MISSING naming the region when it does not exist', () => {
    expect(codeOf(() => extractRegion(source, 'publish'))).toBe('SNIPPET_REGION_MISSING')
    expect(() => extractRegion(source, 'publish', 'plc/mqtt_jwt.py')).toThrow(/publish.*plc\/mqtt_jwt\.py/)
  })

  it('fails with SNIPPET_REGION_DUPLICATE when a region name appears twice', () => {
    expect(codeOf(() => extractRegion(source + '\n' + source, 'connect'))).toBe('SNIPPET_REGION_DUPLICATE')
  })

  it('fails with SNIPPET_REGION_NESTED when a region opens inside another', () => {
    expect(codeOf(() => extractRegion(py, 'connect'))).toBe('SNIPPET_REGION_NESTED')
  })

  it('fails with SNIPPET_REGION_UNCLOSED when the end marker is missing', () => {
    expect(codeOf(() => extractRegion('# region a\nx = 1\n', 'a'))).toBe('SNIPPET_REGION_UNCLOSED')
  })

  it('fails with SNIPPET_REGION_EMPTY for a region without code', () => {
    expect(codeOf(() => extractRegion('# region a\n\n# endregion a\n', 'a'))).toBe('SNIPPET_REGION_EMPTY')
  })
})

describe('findSlots', () => {
  it('finds each default literal with its quoting context', () => {
    const code = `PLANT = "REPLACE-WITH-YOUR-PLANT-ID"\nPORT = 8887\nHOST = 'mqtt.voke.lovinka.com'\nPORT2 = 88870`
    const slots = findSlots(code).map((s) => [s.slot, s.context.quote])
    expect(slots).toEqual([
      ['plantId', '"'],
      ['port', ''],
      ['host', "'"]
    ])
  })
})

// Plant ids a reader might type, including every character that breaks naive quoting.
const nastyIds = ['3f2b8c1e-5d7a-4e9b-9c1d-2a6f8e4b7c90', `pl"ant'$HOME\`x\\y`, 'a b ${x} $(id) ;|&', 'ünïcödé/plant?x=1']

describe('fillSlots keeps each language valid', () => {
  for (const id of nastyIds) {
    it(`Python double quotes: ${id}`, () => {
      const code = fillSlots(`print("REPLACE-WITH-YOUR-PLANT-ID", end="")`, 'python', { plantId: id })
      expect(execFileSync('/usr/bin/python3', ['-c', code], { encoding: 'utf8' })).toBe(id)
    })

    it(`TypeScript single quotes and template literal: ${id}`, () => {
      const single = fillSlots(`return 'REPLACE-WITH-YOUR-PLANT-ID'`, 'typescript', { plantId: id })
      const template = fillSlots('return `cpi/REPLACE-WITH-YOUR-PLANT-ID`', 'typescript', { plantId: id })
      expect(new Function(single)()).toBe(id)
      expect(new Function(template)()).toBe(`cpi/${id}`)
    })

    it(`C string literal, compiled by cc -std=c11 -Wall -Werror: ${id}`, () => {
      const code = fillSlots(`#include <stdio.h>\nint main(void) { fputs("REPLACE-WITH-YOUR-PLANT-ID", stdout); return 0; }\n`, 'c', { plantId: id })
      expect(compileAndRunC(code)).toBe(id)
    })

    it(`JSON: a Node-RED function node's JavaScript inside a JSON string, and a plain JSON string: ${id}`, () => {
      const flow = JSON.stringify([{ type: 'function', func: `// node "x"\nreturn env.get('X') || 'REPLACE-WITH-YOUR-PLANT-ID'`, tpl: 'REPLACE-WITH-YOUR-PLANT-ID' }])
      const filled = JSON.parse(fillSlots(flow, 'json', { plantId: id })) as { func: string; tpl: string }[]
      expect(new Function('env', filled[0]!.func)({ get: () => undefined })).toBe(id)
      const template = JSON.parse(fillSlots(JSON.stringify({ func: 'return `cpi/REPLACE-WITH-YOUR-PLANT-ID`' }), 'json', { plantId: id })) as { func: string }
      expect(new Function(template.func)()).toBe(`cpi/${id}`)
    })

    it(`bash double, single and no quotes: ${id}`, () => {
      for (const line of [
        `printf %s "REPLACE-WITH-YOUR-PLANT-ID"`,
        `printf %s 'REPLACE-WITH-YOUR-PLANT-ID'`,
        `printf %s REPLACE-WITH-YOUR-PLANT-ID`
      ]) {
        const code = fillSlots(line, 'bash', { plantId: id })
        expect(execFileSync('bash', ['-c', code], { encoding: 'utf8' })).toBe(id)
      }
    })
  }

  it('C: a "??=" in a value stays as typed (no trigraph), and the examples\u2019 files are recognised as C', () => {
    const code = fillSlots(`#include <stdio.h>\nint main(void) { fputs("REPLACE-WITH-YOUR-PLANT-ID", stdout); return 0; }\n`, 'c', { plantId: 'a??=b??/c' })
    expect(compileAndRunC(code)).toBe('a??=b??/c')
    expect(languageOf('c/voke_connect.c')).toBe('c')
    expect(languageOf('c/Makefile')).toBe('makefile')
  })

  it('Node-RED files: function code (.js) is JavaScript, a flow (.json) is JSON', () => {
    expect(languageOf('node-red/voke-connection.js')).toBe('javascript')
    expect(languageOf('node-red/flow.json')).toBe('json')
    expect(languageOf('plc/mqtt-jwt.ts')).toBe('typescript')
  })

  it('percent-encodes a plant id inside a URL path, then quotes it for the shell', () => {
    const code = fillSlots(`printf %s "https://api.example/plants/REPLACE-WITH-YOUR-PLANT-ID/mqtt-token"`, 'bash', {
      plantId: 'a b/c"d'
    })
    const url = execFileSync('bash', ['-c', code], { encoding: 'utf8' })
    expect(url).toBe(`https://api.example/plants/${encodeURIComponent('a b/c"d')}/mqtt-token`)
  })

  it('leaves a slot at its default when the profile does not set it', () => {
    expect(fillSlots(`h = "${SLOT_DEFAULTS.host}"`, 'python', { plantId: 'x' })).toBe(`h = "${SLOT_DEFAULTS.host}"`)
  })

  it('replaces the port only as a whole number', () => {
    expect(fillSlots('PORT = 8887 # not 88870', 'python', { port: '8884' })).toBe('PORT = 8884 # not 88870')
  })
})

describe('withoutRegionMarkers', () => {
  it('removes every marker line of both comment styles and keeps everything else', () => {
    const source = ['#!/usr/bin/env python3', '# region config', 'A = 1', '# endregion config', '// #region x', 'b()', '// #endregion x', '# a region is mentioned here', ''].join('\n')
    expect(withoutRegionMarkers(source)).toBe(['#!/usr/bin/env python3', 'A = 1', 'b()', '# a region is mentioned here'].join('\n'))
  })
})
