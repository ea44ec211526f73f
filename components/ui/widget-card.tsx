'use client'
// The frame of every widget: a titled card whose controls are disabled until the widget's code has
// loaded and hydrated (widgets load lazily, so the static HTML shows them a moment before they work).
// data-ready tells tests and tools the widget is live.
//
// Ids come from the widget's name, never from React's useId: a generated id (_R_…_) changes whenever
// the component tree does, and it ends up in the search index and in links to the widget (a page
// places each widget at most once, so the name is unique on its page).
import type { ReactNode } from 'react'
import styles from './ui.module.css'
import { useHydrated } from './use-hydrated'

/** The id of a widget's title heading: "<widget>-title". */
export function widgetTitleId(widget: string): string {
  return `${widget}-title`
}

/** Ids for the widget's own fields: "<widget>-<part>", stable across builds. */
export function widgetFieldId(widget: string, part: string): string {
  return `${widget}-${part}`
}

export function WidgetCard({ widget, children }: { widget: string; children: ReactNode }) {
  const hydrated = useHydrated()
  const titleId = widgetTitleId(widget)
  return (
    <section className={styles.card} aria-labelledby={titleId} data-widget={widget} data-ready={hydrated ? 'true' : 'false'}>
      <fieldset className={styles.gate} disabled={!hydrated}>
        {children}
      </fieldset>
    </section>
  )
}
