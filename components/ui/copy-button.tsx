'use client'
// A button that copies text to the clipboard and says so (visually and to screen readers).
import { useEffect, useState } from 'react'
import styles from './ui.module.css'

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')

  useEffect(() => {
    if (state === 'idle') return
    const timer = setTimeout(() => setState('idle'), 2000)
    return () => clearTimeout(timer)
  }, [state])

  async function copy() {
    try {
      await navigator.clipboard.writeText(text)
      setState('copied')
    } catch {
      setState('failed')
    }
  }

  return (
    <button type="button" className={styles.buttonSecondary} onClick={copy} aria-label={label}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select and copy by hand' : 'Copy'}
      <span className={styles.visuallyHidden} aria-live="polite">
        {state === 'copied' ? `${label}: copied` : ''}
      </span>
    </button>
  )
}
