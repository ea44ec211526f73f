// The reader's plant profile and preferred snippet language, kept in localStorage so every page
// (and every tab) fills snippets the same way. It holds no secrets: never a key, never a token.
import { useSyncExternalStore } from 'react'
import type { PlantProfile } from '../../../lib/snippets'

const PROFILE_KEY = 'voke-docs:plant-profile'
const LANGUAGE_KEY = 'voke-docs:snippet-language'
export const EMPTY_PROFILE: PlantProfile = { plantId: '', host: '', port: '', privateKeyPath: '' }

const listeners = new Set<() => void>()
function notify() {
  for (const listener of listeners) listener()
}
function subscribe(listener: () => void) {
  listeners.add(listener)
  const onStorage = (event: StorageEvent) => {
    if (event.key === PROFILE_KEY || event.key === LANGUAGE_KEY) listener()
  }
  window.addEventListener('storage', onStorage)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('storage', onStorage)
  }
}

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key)
  } catch {
    return null // storage disabled: the profile simply lasts for this page view
  }
}
function write(key: string, value: string) {
  try {
    window.localStorage.setItem(key, value)
  } catch {
    /* storage disabled */
  }
  memory.set(key, value)
  notify()
}
const memory = new Map<string, string>()

// useSyncExternalStore needs a stable snapshot: cache the parsed profile per raw string.
let cachedRaw: string | null | undefined
let cachedProfile = EMPTY_PROFILE
function profileSnapshot(): PlantProfile {
  const raw = read(PROFILE_KEY) ?? memory.get(PROFILE_KEY) ?? null
  if (raw !== cachedRaw) {
    cachedRaw = raw
    try {
      // Nothing stored: the very object the server rendered with, so hydration changes nothing.
      if (!raw) cachedProfile = EMPTY_PROFILE
      else {
        const parsed = JSON.parse(raw) as Partial<PlantProfile>
        cachedProfile = {
          plantId: String(parsed.plantId ?? ''),
          host: String(parsed.host ?? ''),
          port: String(parsed.port ?? ''),
          privateKeyPath: String(parsed.privateKeyPath ?? '')
        }
      }
    } catch {
      cachedProfile = EMPTY_PROFILE
    }
  }
  return cachedProfile
}

export function usePlantProfile(): PlantProfile {
  return useSyncExternalStore(subscribe, profileSnapshot, () => EMPTY_PROFILE)
}

export function savePlantProfile(profile: PlantProfile) {
  write(PROFILE_KEY, JSON.stringify(profile))
}

export function useSnippetLanguage(): string | null {
  return useSyncExternalStore(subscribe, () => read(LANGUAGE_KEY) ?? memory.get(LANGUAGE_KEY) ?? null, () => null)
}

export function saveSnippetLanguage(label: string) {
  write(LANGUAGE_KEY, label)
}
