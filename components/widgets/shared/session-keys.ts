// Keys made or read during this page visit, shared between widgets in memory only: never stored,
// never sent. A reload forgets them, which is the point.
import { useSyncExternalStore } from 'react'

export interface SessionKey {
  /** PKCS#1 PEM of the private key, as written to jwt-private.pem. */
  privatePem: string
  /** The PKCS#1 DER public key file the broker loads (jwt-public.der). */
  publicDer: Uint8Array
  label: string
}

let current: SessionKey | null = null
const listeners = new Set<() => void>()

export function setSessionKey(key: SessionKey | null) {
  current = key
  for (const listener of listeners) listener()
}

function subscribe(listener: () => void) {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function useSessionKey(): SessionKey | null {
  return useSyncExternalStore(subscribe, () => current, () => null)
}
