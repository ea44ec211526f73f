'use client'
// Shows build-time-highlighted example code filled with the reader's plant profile, with a
// language switch remembered across pages. Copy (the code block's button) copies the filled code.
import { Code, Pre } from 'nextra/components'
import { useEffect, useMemo, useState, type CSSProperties } from 'react'
import { codeColourVars, codeHtml, usesSlot, type PlantProfile, type SnippetWire } from '../../../lib/snippets'
import { saveSnippetLanguage, usePlantProfile, useSnippetLanguage } from '../plant-profile/profile-store'
import { useHydrated } from '../../ui/use-hydrated'
import { useLoadWhenIdle } from '../shared/load-when-idle'
import styles from './snippet.module.css'

export interface SnippetTab {
  label: string
  /** Where the export publishes this tab's data (see lib/server/example-files.ts). */
  url: string
  /** Sent with the page for the first tab only; the other languages load when the page is idle. */
  model?: SnippetWire
}

// One request per snippet per page view, however many blocks show it; a failure is forgotten so a
// later click tries again.
const requests = new Map<string, Promise<SnippetWire>>()
export function loadSnippet(url: string): Promise<SnippetWire> {
  let request = requests.get(url)
  if (!request) {
    request = fetch(url).then((response) => {
      if (!response.ok) throw new Error(`the site answered ${response.status}`)
      return response.json() as Promise<SnippetWire>
    })
    request.catch(() => requests.delete(url))
    requests.set(url, request)
  }
  return request
}

/** The tabs' data: what came with the page, plus what was fetched since. */
function useTabModels(tabs: SnippetTab[], active: SnippetTab) {
  const [loaded, setLoaded] = useState<Record<string, SnippetWire>>({})
  const [failed, setFailed] = useState<Record<string, string>>({})
  const fetchTab = (tab: SnippetTab) =>
    loadSnippet(tab.url).then(
      (model) => setLoaded((all) => ({ ...all, [tab.url]: model })),
      (error: Error) => setFailed((all) => ({ ...all, [tab.url]: error.message }))
    )
  // The other languages arrive while the reader reads, so a switch is instant (and works offline).
  useLoadWhenIdle(() => Promise.all(tabs.filter((tab) => !tab.model).map(fetchTab)))
  const activeModel = active.model ?? loaded[active.url]
  useEffect(() => {
    if (!activeModel) void fetchTab(active)
    // fetchTab is stable in what it does; only a change of tab matters here.
  }, [active.url, activeModel === undefined])
  return { model: activeModel, failure: activeModel ? undefined : failed[active.url] }
}

function CodeBlock({ model, profile }: { model: SnippetWire; profile: PlantProfile }) {
  // The same object while nothing shown changed: React compares it by identity and would otherwise
  // rewrite the whole block's HTML on every render (when another tab loads, when the profile store
  // hands over from the server's snapshot to the browser's).
  const { plantId, host, port, privateKeyPath } = profile
  const html = useMemo(
    () => ({ __html: codeHtml(model, { plantId, host, port, privateKeyPath }, styles.filled!) }),
    [model, plantId, host, port, privateKeyPath]
  )
  const colours = useMemo(() => codeColourVars(model) as CSSProperties, [model])
  return (
    // tabIndex: a long line scrolls sideways, and keyboard users must be able to scroll it too.
    // data-file: Nextra's Pre shows data-filename as a header and does not keep it on <pre>.
    // The code is one HTML string (lib/snippets/snippet-html.ts says why); it is built from the
    // example's text, escaped, never from anything but the wire model and the reader's profile.
    <div className={styles.code} style={colours}>
      <Pre data-language={model.language} data-copy="" data-filename={`examples/${model.file}`} data-file={`examples/${model.file}`} tabIndex={0}>
        <Code
          data-language={model.language}
          data-theme="default"
          data-snippet-code=""
          dangerouslySetInnerHTML={html}
        />
      </Pre>
    </div>
  )
}

export default function SnippetView({ tabs }: { tabs: SnippetTab[] }) {
  const profile = usePlantProfile()
  const remembered = useSnippetLanguage()
  const hydrated = useHydrated() // the language buttons work only once this code has loaded
  const active = tabs.find((t) => t.label === remembered) ?? tabs[0]!
  const { model, failure } = useTabModels(tabs, active)
  const usesPlantId = model ? usesSlot(model, 'plantId') : false

  return (
    <div className={styles.snippet} data-widget="snippet" data-ready={hydrated ? 'true' : 'false'}>
      {tabs.length > 1 ? (
        <div role="group" aria-label="Code language" className={styles.tabs}>
          {tabs.map((tab) => (
            <button
              key={tab.label}
              type="button"
              className={styles.tab}
              aria-pressed={tab === active}
              disabled={!hydrated}
              onClick={() => saveSnippetLanguage(tab.label)}
            >
              {tab.label}
            </button>
          ))}
        </div>
      ) : null}
      {model ? (
        <CodeBlock model={model} profile={profile} />
      ) : (
        <p className={styles.note} role={failure ? 'alert' : undefined} aria-busy={failure ? undefined : true}>
          {failure
            ? `The ${active.label} code could not be loaded (${failure}). Reload the page to try again.`
            : `Loading the ${active.label} code…`}
        </p>
      )}
      {usesPlantId && !profile.plantId.trim() ? (
        <p className={styles.note}>
          Enter your plant id in the plant profile on this page to fill this code.
        </p>
      ) : null}
    </div>
  )
}
