'use client'
// A whole example program, fetched from the site's own static export when the reader opens it
// (it usually sits in a closed <details>). Long programs would otherwise make up most of a page's
// HTML and hydration work. Only the site itself is asked; nothing about the reader is sent.
import { useEffect, useRef, useState } from 'react'
import type { SnippetWire } from '../../../lib/snippets'
import SnippetView, { loadSnippet } from './snippet-view.client'
import styles from './snippet.module.css'

interface DeferredSnippetProps {
  file: string
  label: string
  url: string
  lineCount: number
}

type Load = { state: 'waiting' } | { state: 'ready'; model: SnippetWire } | { state: 'failed'; reason: string }

export default function DeferredSnippet({ file, label, url, lineCount }: DeferredSnippetProps) {
  const [load, setLoad] = useState<Load>({ state: 'waiting' })
  const placeholder = useRef<HTMLDivElement>(null)

  useEffect(() => {
    const element = placeholder.current
    if (!element || load.state !== 'waiting') return
    let cancelled = false
    const fetchModel = () =>
      loadSnippet(url)
        .then((model) => !cancelled && setLoad({ state: 'ready', model }))
        .catch((error: Error) => !cancelled && setLoad({ state: 'failed', reason: error.message }))
    // Fetch once the block is on screen (a closed <details> keeps it hidden until opened).
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect()
        void fetchModel()
      }
    })
    observer.observe(element)
    return () => {
      cancelled = true
      observer.disconnect()
    }
  }, [url, load.state])

  if (load.state === 'ready') return <SnippetView tabs={[{ label, url, model: load.model }]} />
  return (
    <div ref={placeholder} className={styles.snippet} data-widget="snippet" data-ready="false" data-deferred={`examples/${file}`}>
      <p className={styles.note} role={load.state === 'failed' ? 'alert' : undefined}>
        {load.state === 'failed'
          ? `examples/${file} could not be loaded (${load.reason}). Reload the page; if it persists, the site's build is missing the file.`
          : `Loading examples/${file} (${lineCount} lines)…`}
      </p>
    </div>
  )
}
