// The key generator writes four files that openssl accepts and that belong together, and the key
// doctor turns an SPKI DER file into the exact jwt-public.der openssl makes.
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { openssl, pkcs1DerFromPrivate } from '../support/openssl'
import { tempDirs } from '../support/temp-dir'
import { liveWidget } from '../support/widget-flows'

const scratch = tempDirs()
test.afterAll(scratch.removeAll)

async function download(page: Page, name: string, dir: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: new RegExp(`Download ${name.replace('.', '\\.')}$`) }).click()
  ])
  expect(file.suggestedFilename()).toBe(name)
  const path = join(dir, name)
  await file.saveAs(path)
  return path
}

test('generated key files pass openssl and match each other', async ({ page }) => {
  const dir = scratch.make('keygen-')
  await page.goto('/keys')
  const generator = page.locator('[data-widget="key-generator"]')
  await generator.getByRole('button', { name: 'Generate key pair' }).click()
  await expect(generator.getByRole('status')).toContainText('key pair ready', { timeout: 30_000 })

  const privatePem = await download(page, 'jwt-private.pem', dir)
  const publicPem = await download(page, 'jwt-public.pem', dir)
  const publicDer = await download(page, 'jwt-public.der', dir)
  const spkiDer = await download(page, 'jwt-public-spki.der', dir)

  expect(readFileSync(privatePem, 'utf8')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/)
  expect(openssl(['rsa', '-in', privatePem, '-check', '-noout']).toString()).toContain('RSA key ok')
  // Each public file is read by openssl in its declared format, and all equal the private key's public half.
  const expectedPkcs1 = pkcs1DerFromPrivate(privatePem)
  expect(readFileSync(publicDer).equals(expectedPkcs1)).toBe(true)
  expect(openssl(['rsa', '-pubin', '-inform', 'DER', '-RSAPublicKey_in', '-in', publicDer, '-RSAPublicKey_out', '-outform', 'DER']).equals(expectedPkcs1)).toBe(true)
  expect(openssl(['rsa', '-pubin', '-in', publicPem, '-RSAPublicKey_out', '-outform', 'DER']).equals(expectedPkcs1)).toBe(true)
  expect(openssl(['rsa', '-pubin', '-inform', 'DER', '-in', spkiDer, '-RSAPublicKey_out', '-outform', 'DER']).equals(expectedPkcs1)).toBe(true)
  expect(openssl(['rsa', '-in', privatePem, '-text', '-noout']).toString()).toMatch(/Private-Key: \(2048 bit/)

  // The SHA-256 shown is the one sha256sum prints for the downloaded jwt-public.der.
  const sha = createHash('sha256').update(readFileSync(publicDer)).digest('hex')
  await expect(generator.getByTestId('public-der-sha256')).toHaveText(`${sha}  jwt-public.der`)
})

test('key doctor turns an SPKI DER file into the jwt-public.der openssl makes', async ({ page }) => {
  const dir = scratch.make('doctor-')
  const privatePem = join(dir, 'key.pem')
  writeFileSync(privatePem, openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']))
  const spki = openssl(['rsa', '-in', privatePem, '-pubout', '-outform', 'DER'])
  const spkiPath = join(dir, 'jwt-public-spki.der')
  writeFileSync(spkiPath, spki)

  await page.goto('/keys')
  const doctor = await liveWidget(page, 'key-doctor')
  await doctor.locator('input[type="file"]').first().setInputFiles(spkiPath)
  await expect(doctor.getByTestId('doctor-verdict')).toContainText('KEY_SPKI_NOT_PKCS1')
  await expect(doctor.getByTestId('doctor-bits')).toHaveText('2048 bits')

  const [file] = await Promise.all([
    page.waitForEvent('download'),
    doctor.getByRole('button', { name: 'Download jwt-public.der' }).first().click()
  ])
  const fixedPath = join(dir, 'fixed.der')
  await file.saveAs(fixedPath)
  expect(readFileSync(fixedPath).equals(pkcs1DerFromPrivate(privatePem))).toBe(true)
})

test('key doctor explains a pasted 10 MB blob without hanging', async ({ page }) => {
  await page.goto('/keys')
  const doctor = await liveWidget(page, 'key-doctor')
  const dir = scratch.make('doctor-big-')
  const big = join(dir, 'big.bin')
  writeFileSync(big, Buffer.alloc(10 * 1024 * 1024, 7))
  await doctor.locator('input[type="file"]').first().setInputFiles(big)
  await expect(doctor).toContainText('a key file is a few kilobytes')
})

/** The SHA-256 line sha256sum prints for a jwt-public.der with these bytes. */
const shaLine = (der: Buffer) => `${createHash('sha256').update(der).digest('hex')}  jwt-public.der`

test('key doctor offers the leaf of a CA-first chain, names each certificate, and takes another pick', async ({ page }) => {
  const dir = scratch.make('doctor-chain-')
  const file = (name: string) => join(dir, name)
  // A root CA and a device certificate it issued, made by openssl; the bundle puts the CA first.
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-subj', '/CN=Plant root CA', '-days', '30', '-out', file('ca.pem')])
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('device.key'), '-subj', '/CN=plc-0042', '-out', file('device.csr')])
  openssl(['x509', '-req', '-in', file('device.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '30', '-out', file('device.pem')])
  writeFileSync(file('chain.pem'), readFileSync(file('ca.pem'), 'utf8') + readFileSync(file('device.pem'), 'utf8'))
  const deviceDer = pkcs1DerFromPrivate(file('device.key'))
  const caDer = pkcs1DerFromPrivate(file('ca.key'))

  await page.goto('/keys')
  const doctor = await liveWidget(page, 'key-doctor')
  await doctor.locator('input[type="file"]').first().setInputFiles(file('chain.pem'))
  await expect(doctor.getByTestId('doctor-format')).toHaveText(/Certificate chain/)
  const choices = doctor.getByTestId('doctor-choices')
  await expect(choices).toContainText('CN=Plant root CA')
  await expect(choices).toContainText('Issued by: CN=Plant root CA')
  await expect(choices.getByRole('radio', { name: 'CN=plc-0042' })).toHaveAccessibleDescription(/Issued by: CN=Plant root CA · Key: RSA 2048 bits/)
  await expect(doctor.getByTestId('doctor-choice-reason')).toContainText('leaf')
  await expect(choices.getByRole('radio', { name: 'CN=plc-0042' })).toBeChecked()
  await expect(doctor.getByTestId('doctor-sha256')).toHaveText(shaLine(deviceDer))
  // The picker is a labelled radio group axe finds nothing wrong with.
  const axe = await new AxeBuilder({ page }).include('[data-widget="key-doctor"]').analyze()
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([])
  if (process.env.KEY_DOCTOR_SCREENSHOT) await doctor.screenshot({ path: process.env.KEY_DOCTOR_SCREENSHOT })

  const [download] = await Promise.all([page.waitForEvent('download'), doctor.getByRole('button', { name: 'Download jwt-public.der' }).first().click()])
  expect(readFileSync((await download.path())!).equals(deviceDer)).toBe(true)

  // The reader picks the CA instead: the offered file follows the pick.
  await choices.getByRole('radio', { name: 'CN=Plant root CA' }).check()
  await expect(doctor.getByTestId('doctor-sha256')).toHaveText(shaLine(caDer))
})

test('key doctor reads a passphrase-protected PuTTY .ppk and gives the jwt-public.der openssl makes', async ({ page }) => {
  const dir = scratch.make('doctor-ppk-')
  const privatePem = join(dir, 'key.pem')
  writeFileSync(privatePem, openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']))
  writeFileSync(join(dir, 'key-traditional.pem'), openssl(['rsa', '-in', privatePem, '-traditional']))
  writeFileSync(join(dir, 'pass.txt'), 'secret')
  execFileSync('puttygen', [join(dir, 'key-traditional.pem'), '-O', 'private', '--new-passphrase', join(dir, 'pass.txt'), '-o', join(dir, 'plc.ppk')])

  await page.goto('/keys')
  const doctor = await liveWidget(page, 'key-doctor')
  await doctor.locator('input[type="file"]').first().setInputFiles(join(dir, 'plc.ppk'))
  await expect(doctor.getByTestId('doctor-format')).toHaveText('PuTTY private key (.ppk)')
  await expect(doctor.getByTestId('doctor-kind')).toContainText('passphrase-protected')
  await expect(doctor.getByTestId('doctor-format-about')).toContainText('PuTTYgen')
  const [download] = await Promise.all([page.waitForEvent('download'), doctor.getByRole('button', { name: 'Download jwt-public.der' }).first().click()])
  expect(readFileSync((await download.path())!).equals(pkcs1DerFromPrivate(privatePem))).toBe(true)
})

test('key doctor says a hand-edited PEM label is wrong and still gives the key', async ({ page }) => {
  const dir = scratch.make('doctor-label-')
  const privatePem = join(dir, 'key.pem')
  writeFileSync(privatePem, openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']))
  const pkcs1Pem = openssl(['rsa', '-in', privatePem, '-RSAPublicKey_out']).toString()
  await page.goto('/keys')
  const doctor = await liveWidget(page, 'key-doctor')
  await doctor.getByRole('textbox').first().fill(pkcs1Pem.replace(/RSA PUBLIC KEY/g, 'PUBLIC KEY'))
  await expect(doctor.getByTestId('doctor-label-wrong')).toContainText('BEGIN RSA PUBLIC KEY')
  await expect(doctor.getByTestId('doctor-sha256')).toHaveText(shaLine(pkcs1DerFromPrivate(privatePem)))
})
