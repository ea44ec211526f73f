// The stable code a key-library call fails with, so a test can name the expected error in one word:
// 'no error' when it succeeds, 'foreign error: …' when it throws anything that is not a KeyFormatError.
import { KeyFormatError } from '../../lib/keys'

export function keyErrorCode(fn: () => unknown): string {
  try {
    fn()
    return 'no error'
  } catch (error) {
    return error instanceof KeyFormatError ? error.code : `foreign error: ${String(error)}`
  }
}
