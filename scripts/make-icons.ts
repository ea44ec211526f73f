// Makes the site's icons from public/favicon.svg with Debian's Chromium (no image tools needed):
// public/apple-touch-icon.png (180 px, what a phone's home screen shows) and public/favicon.ico
// (a 32 px PNG inside an ICO container, for clients that ask for /favicon.ico by name).
// Run after changing the SVG: npx tsx scripts/make-icons.ts
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { chromiumLaunchOptions } from '../tests/support/chromium'

const publicDir = join(__dirname, '..', 'public')
const svg = readFileSync(join(publicDir, 'favicon.svg'), 'utf8')

/** The SVG at size × size; solid: the icon's blue behind the rounded corners (iOS shows transparency as black). */
async function render(size: number, solid = false): Promise<Buffer> {
  const page = await browser.newPage({ viewport: { width: size, height: size } })
  await page.setContent(
    `<body style="margin:0;background:${solid ? '#0b5cad' : 'transparent'}">${svg.replace('<svg ', `<svg width="${size}" height="${size}" style="display:block" `)}</body>`
  )
  const png = await page.screenshot({ omitBackground: !solid })
  await page.close()
  return png
}

/** ICO with one PNG image (allowed since Windows Vista; every current browser reads it). */
function ico(png: Buffer, size: number): Buffer {
  const header = Buffer.alloc(6 + 16)
  header.writeUInt16LE(0, 0) // reserved
  header.writeUInt16LE(1, 2) // type: icon
  header.writeUInt16LE(1, 4) // one image
  header.writeUInt8(size, 6)
  header.writeUInt8(size, 7)
  header.writeUInt16LE(1, 10) // colour planes
  header.writeUInt16LE(32, 12) // bits per pixel
  header.writeUInt32LE(png.length, 14)
  header.writeUInt32LE(22, 18) // offset of the image data
  return Buffer.concat([header, png])
}

let browser: Awaited<ReturnType<typeof chromium.launch>>
async function main() {
  browser = await chromium.launch(chromiumLaunchOptions)
  try {
    // Edge to edge and opaque: iOS rounds the corners itself.
    writeFileSync(join(publicDir, 'apple-touch-icon.png'), await render(180, true))
    writeFileSync(join(publicDir, 'favicon.ico'), ico(await render(32), 32))
    console.log('wrote public/apple-touch-icon.png and public/favicon.ico')
  } finally {
    await browser.close()
  }
}
void main()
