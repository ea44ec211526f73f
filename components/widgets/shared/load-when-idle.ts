// Starts loading a widget's lazily imported code once the page is idle: the reading page still
// pays nothing up front, and the widget keeps working if the network drops after the page loaded.
import { useEffect } from 'react'

// How many idle loads are scheduled or in flight on this page. <html data-idle-loads> says
// "pending" or "settled", so tests and tools can wait for the code to be here (e.g. before going
// offline) instead of guessing how long idle takes on a loaded machine.
let unsettled = 0
function count(change: 1 | -1) {
  unsettled += change
  document.documentElement.dataset.idleLoads = unsettled === 0 ? 'settled' : 'pending'
}

export function useLoadWhenIdle(load: () => Promise<unknown>) {
  useEffect(() => {
    count(1)
    let started = false
    const run = () => {
      started = true
      // offline already: the click will say so
      void load()
        .catch(() => undefined)
        .finally(() => count(-1))
    }
    let cancel: () => void
    if ('requestIdleCallback' in window) {
      const handle = window.requestIdleCallback(run, { timeout: 3000 })
      cancel = () => window.cancelIdleCallback(handle)
    } else {
      const handle = setTimeout(run, 1500)
      cancel = () => clearTimeout(handle)
    }
    return () => {
      if (started) return // the load settles (and counts down) by itself
      cancel()
      count(-1)
    }
    // Only once per mount: `load` is an inline arrow that only names modules.
  }, [])
}
