// sha256sumLine prints what GNU sha256sum prints, byte for byte, including its escaping of odd names.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDirs } from '../../tests/support/temp-dir'
import { keyVector } from '../../tests/support/vectors'
import { sha256Hex, sha256sumLine } from './sha256'

const scratch = tempDirs()
afterAll(scratch.removeAll)

describe('sha256Hex', () => {
  it('equals node:crypto for the key file and for a view into a larger buffer', async () => {
    const der = keyVector('rsa2048.pkcs1-public.der')
    expect(await sha256Hex(der)).toBe(createHash('sha256').update(der).digest('hex'))
    const view = new Uint8Array(Uint8Array.of(9, 9, ...der, 9).buffer, 2, der.length)
    expect(await sha256Hex(view)).toBe(createHash('sha256').update(der).digest('hex'))
  })
})

describe('sha256sumLine', () => {
  const names = ['jwt-public.der', 'my key.der', 'back\\slash.der', 'new\nline.der', 'carriage\rreturn.der']
  for (const name of names) {
    it(`prints exactly what sha256sum prints for ${JSON.stringify(name)}`, async () => {
      const dir = scratch.make('sha-')
      const der = keyVector('rsa2048.pkcs1-public.der')
      writeFileSync(join(dir, name), der)
      const real = execFileSync('sha256sum', [name], { cwd: dir }).toString().replace(/\n$/, '')
      expect(sha256sumLine(await sha256Hex(der), name)).toBe(real)
    })
  }
})
