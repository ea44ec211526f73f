// SHA-256 of file bytes, printed the way `sha256sum` does, so integrators can compare the file
// they enrolled with the one mounted on the broker.

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new Uint8Array(bytes))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Exactly one line of `sha256sum FILE` output, without the newline. */
export function sha256sumLine(hex: string, fileName: string): string {
  return `${hex}  ${fileName}`
}
