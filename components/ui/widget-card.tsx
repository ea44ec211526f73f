'use client'
// The frame of every widget: a titled card whose controls are disabled until the widget's code has
// loaded and hydrated (widgets load lazily, so the static HTML shows them a moment before they work).
// data-ready tells tests and tools the widget is live.
import type { ReactNode } from 'react'
import styles from './ui.module.css'
import { useHydrated } from './use-hydrated'

export function WidgetCard({ widget, titleId, children }: { widget: string; titleId: string; children: ReactNode }) {
  const hydrated = useHydrated()
  return (
    <section className={styles.card} aria-labelledby={titleId} data-widget={widget} data-ready={hydrated ? 'true' : 'false'}>
      <fieldset className={styles.gate} disabled={!hydrated}>
        {children}
      </fieldset>
    </section>
  )
}
