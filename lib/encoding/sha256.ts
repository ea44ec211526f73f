// SHA-256 of file bytes, printed the way `sha256sum` does, so integrators can compare the file
// they enrolled with the one mounted on the broker. WebCrypto only, so it runs in the browser.

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // A copy, so a view into a larger (or shared) buffer hashes only its own bytes.
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new Uint8Array(bytes))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * One line of `sha256sum FILE` output, without the newline: "<hex>  <name>". Like GNU coreutils,
 * a name with a backslash, newline or carriage return is escaped and the line starts with "\".
 */
export function sha256sumLine(hex: string, fileName: string): string {
  if (!/[\\\n\r]/.test(fileName)) return `${hex}  ${fileName}`
  const escaped = fileName.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
  return `\\${hex}  ${escaped}`
}
