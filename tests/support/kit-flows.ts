// Starter kit steps shared by specs: build a kit on a page with <StarterKit /> and read the
// downloaded zip back with Info-ZIP's unzip.
import { expect, type Page } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { liveWidget } from './widget-flows'

/** Builds an Option B kit with a key generated for it and returns the kit's jwt-private.pem. */
export async function buildKitAndReadPrivateKey(page: Page, plantId: string): Promise<string> {
  const profile = await liveWidget(page, 'plant-profile')
  await profile.getByLabel(/Plant id/).fill(plantId)
  const kit = await liveWidget(page, 'starter-kit')
  await kit.getByRole('radio', { name: /^Option B/ }).check()
  await kit.getByRole('radio', { name: /^Generate a new/ }).check()
  const [download] = await Promise.all([page.waitForEvent('download'), kit.getByRole('button', { name: /^Build and download/ }).click()])
  await expect(kit.getByTestId('kit-status')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 })
  const dir = mkdtempSync(join(tmpdir(), 'voke-kit-read-'))
  try {
    const zip = join(dir, 'kit.zip')
    await download.saveAs(zip)
    const name = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).split('\n').find((n) => n.endsWith('/jwt-private.pem'))!
    execFileSync('unzip', ['-q', zip, name, '-d', dir])
    const pem = readFileSync(join(dir, name), 'utf8')
    expect(pem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/)
    return pem
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
