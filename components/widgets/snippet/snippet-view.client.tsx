'use client'
// Shows build-time-highlighted example code filled with the reader's plant profile, with a
// language switch remembered across pages. Copy (the code block's button) copies the filled code.
import { Code, Pre } from 'nextra/components'
import type { CSSProperties } from 'react'
import { quoteValue, type PlantProfile } from '../../../lib/snippets'
import { usesSlot, type SnippetWire, type WirePiece } from '../../../lib/snippets'
import { saveSnippetLanguage, usePlantProfile, useSnippetLanguage } from '../plant-profile/profile-store'
import { useHydrated } from '../../ui/use-hydrated'
import styles from './snippet.module.css'

export interface SnippetTab {
  label: string
  model: SnippetWire
}

function pieceText([text, , slot]: WirePiece, model: SnippetWire, profile: PlantProfile): string {
  if (!slot) return text
  const value = profile[slot.name].trim()
  return value ? quoteValue(model.language, slot.context, value) : text
}

function CodeBlock({ model, profile }: { model: SnippetWire; profile: PlantProfile }) {
  return (
    // tabIndex: a long line scrolls sideways, and keyboard users must be able to scroll it too.
    // data-file: Nextra's Pre shows data-filename as a header and does not keep it on <pre>.
    <Pre data-language={model.language} data-copy="" data-filename={`examples/${model.file}`} data-file={`examples/${model.file}`} tabIndex={0}>
      <Code data-language={model.language} data-theme="default" data-snippet-code="">
        {model.lines.map((line, i) => (
          <span key={i} data-line="">
            {line.map((piece, j) => {
              const [light, dark] = model.colours[piece[1]]!
              const slot = piece[2]
              return (
                <span
                  key={j}
                  style={{ '--shiki-light': light || undefined, '--shiki-dark': dark || undefined } as CSSProperties}
                  className={slot && profile[slot.name].trim() ? styles.filled : undefined}
                >
                  {pieceText(piece, model, profile)}
                </span>
              )
            })}
            {i < model.lines.length - 1 ? '\n' : null}
          </span>
        ))}
      </Code>
    </Pre>
  )
}

export default function SnippetView({ tabs }: { tabs: SnippetTab[] }) {
  const profile = usePlantProfile()
  const remembered = useSnippetLanguage()
  const hydrated = useHydrated() // the language buttons work only once this code has loaded
  const active = tabs.find((t) => t.label === remembered) ?? tabs[0]!
  const usesPlantId = usesSlot(active.model, 'plantId')

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
      <CodeBlock model={active.model} profile={profile} />
      {usesPlantId && !profile.plantId.trim() ? (
        <p className={styles.note}>
          Enter your plant id in the plant profile on this page to fill this code.
        </p>
      ) : null}
    </div>
  )
}
