'use client'
// Text typed into the theme's search box before the page hydrates is kept.
//
// Why: the page paints before it loads its JavaScript (scripts/paint-first.mjs), so on a slow
// laptop the search box is visible for a second or more before React owns it. The box is a
// controlled input: hydration and headlessui's display-value sync reset it to the empty state,
// so whatever the reader typed vanished and no results came (seen as a flaky search test under
// load). Widgets avoid this by staying disabled until hydrated; a search box that will not take
// focus would be worse, so here the typed text is recorded and handed to React afterwards.
import { useEffect } from 'react'

type EarlySearch = { input: HTMLInputElement; value: string }
type EarlyWindow = Window & { __earlySearch?: EarlySearch | null; __earlySearchDone?: boolean }

// Runs in the static page before any chunk loads (inline, ES5, hashed by scripts/add-csp.mjs):
// remembers the last search box typed into and its text until the hook below takes over.
const CAPTURE =
  "document.addEventListener('input',function(e){var t=e.target;" +
  "if(!window.__earlySearchDone&&t&&t.type==='search')window.__earlySearch={input:t,value:t.value}},true)"

/** The inline recorder; render it before the theme's layout so it runs before the reader can type. */
export function EarlySearchCapture() {
  return <script dangerouslySetInnerHTML={{ __html: CAPTURE }} />
}

// Sets the value the way typing does, so React's change tracking sees a change and fires onChange.
function typeInto(input: HTMLInputElement, value: string) {
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set
  setValue?.call(input, value)
  input.dispatchEvent(new Event('input', { bubbles: true }))
  input.setSelectionRange(value.length, value.length)
}

// headlessui writes its display value in an effect that may run after ours: look again for a few
// frames. Only an emptied box is refilled, so text the reader types meanwhile is never overwritten.
const FRAMES_TO_CHECK = 3

/** Gives the search box back the text typed before hydration, once its handlers are attached. */
export function KeepEarlySearchText() {
  useEffect(() => {
    const early = window as EarlyWindow
    early.__earlySearchDone = true
    const typed = early.__earlySearch
    early.__earlySearch = null
    if (!typed?.value) return
    let frames = 0
    let frame = 0
    const check = () => {
      if (typed.input.isConnected && typed.input.value === '') typeInto(typed.input, typed.value)
      if (++frames < FRAMES_TO_CHECK) frame = requestAnimationFrame(check)
    }
    frame = requestAnimationFrame(check)
    return () => cancelAnimationFrame(frame)
  }, [])
  return null
}
