// Starts loading a widget's lazily imported code once the page is idle: the reading page still
// pays nothing up front, and the widget keeps working if the network drops after the page loaded.
import { useEffect } from 'react'

export function useLoadWhenIdle(load: () => Promise<unknown>) {
  useEffect(() => {
    const run = () => void load().catch(() => undefined) // offline already: the click will say so
    if ('requestIdleCallback' in window) {
      const handle = window.requestIdleCallback(run, { timeout: 3000 })
      return () => window.cancelIdleCallback(handle)
    }
    const handle = setTimeout(run, 1500)
    return () => clearTimeout(handle)
    // Only once per mount: `load` is an inline arrow that only names modules.
  }, [])
}
