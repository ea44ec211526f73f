'use client'
// The playground itself, loaded lazily by token-playground.client.tsx: the sign panel hands a
// fresh token to the check panel; everything stays in this tab's memory (no URL, no storage, no
// request), so pasting a real private key is safe.
import { useEffect, useState } from 'react'
import styles from '../../ui/ui.module.css'
import { CheckPanel, type CheckPrefill } from './check-panel'
import { useLoadWhenIdle } from '../shared/load-when-idle'
import { SignPanel } from './sign-panel'
import { loadTokenTools } from './token-tools'

export default function Playground({ mode }: { mode: 'full' | 'check' }) {
  // A stable id (not useId): it is a link target and goes into the search index.
  const titleId = 'token-check-title'
  const [prefill, setPrefill] = useState<CheckPrefill | null>(null)
  useLoadWhenIdle(loadTokenTools) // so signing and checking still work if the network drops later
  // Full mode sits under a page section (h2); check mode sits right under the page title (h1).
  const Title = mode === 'check' ? 'h2' : 'h3'
  // Marks the form as live (hydrated), so tests and scripts do not type into the static HTML.
  const [ready, setReady] = useState(false)
  useEffect(() => setReady(true), [])
  return (
    <div data-widget="token-playground" data-ready={ready ? 'true' : undefined}>
      {mode === 'full' ? <SignPanel onCheck={setPrefill} /> : null}
      <section className={styles.card} aria-labelledby={titleId}>
        <Title className={styles.cardTitle} id={titleId}>
          Check a token as the broker does
        </Title>
        <p className={styles.cardIntro}>
          Paste a token and the key file as enrolled. The result updates as you type; nothing leaves this page.
        </p>
        <CheckPanel prefill={prefill} subheading={mode === 'check' ? 'h3' : 'h4'} />
      </section>
    </div>
  )
}
