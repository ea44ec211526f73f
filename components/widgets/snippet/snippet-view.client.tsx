'use client'
// Shows build-time-highlighted example code filled with the reader's plant profile, with a
// language switch remembered across pages. Copy (the code block's button) copies the filled code.
import { Code, Pre } from 'nextra/components'
import { useEffect, useId, useState } from 'react'
import { quoteValue, type PlantProfile } from '../../../lib/snippets'
import { usesSlot, type SnippetWire, type WirePiece } from '../../../lib/snippets'
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

function pieceText([text, , slot]: WirePiece, model: SnippetWire, profile: PlantProfile): string {
  if (!slot) return text
  const value = profile[slot.name].trim()
  return value ? quoteValue(model.language, slot.context, value) : text
}

/**
 * One CSS rule per colour pair, scoped to this block: each span then carries a short class instead
 * of an inline style with both theme colours, which made up most of a long snippet's HTML.
 */
function paletteCss(scope: string, colours: SnippetWire['colours']): string {
  return colours
    .map(([light, dark], i) => `[data-sid="${scope}"] .k${i}{${light ? `--shiki-light:${light};` : ''}${dark ? `--shiki-dark:${dark}` : ''}}`)
    .join('')
}

function CodeBlock({ model, profile }: { model: SnippetWire; profile: PlantProfile }) {
  const scope = useId()
  return (
    // tabIndex: a long line scrolls sideways, and keyboard users must be able to scroll it too.
    // data-file: Nextra's Pre shows data-filename as a header and does not keep it on <pre>.
    <div data-sid={scope}>
      <style>{paletteCss(scope, model.colours)}</style>
      <Pre data-language={model.language} data-copy="" data-filename={`examples/${model.file}`} data-file={`examples/${model.file}`} tabIndex={0}>
        <Code data-language={model.language} data-theme="default" data-snippet-code="">
          {model.lines.map((line, i) => (
            <span key={i} data-line="">
              {line.map((piece, j) => {
                const slot = piece[2]
                const filled = slot && profile[slot.name].trim()
                return (
                  <span key={j} className={filled ? `k${piece[1]} ${styles.filled}` : `k${piece[1]}`}>
                    {pieceText(piece, model, profile)}
                  </span>
                )
              })}
              {i < model.lines.length - 1 ? '\n' : null}
            </span>
          ))}
        </Code>
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
