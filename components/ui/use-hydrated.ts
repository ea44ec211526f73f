// True once React runs this component in the browser (false in the static HTML and while it
// hydrates). Widgets keep their controls disabled until then, so an early click or keystroke is
// not silently lost before the handlers are attached.
import { useSyncExternalStore } from 'react'

const noSubscription = () => () => {}

export function useHydrated(): boolean {
  return useSyncExternalStore(noSubscription, () => true, () => false)
}
