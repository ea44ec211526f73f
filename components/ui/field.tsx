// A labelled form field with an optional hint, wired for screen readers.
import type { ReactNode } from 'react'
import styles from './ui.module.css'

export function Field({
  id,
  label,
  hint,
  children
}: {
  id: string
  label: string
  hint?: ReactNode
  children: ReactNode
}) {
  return (
    <div className={styles.field}>
      <label className={styles.label} htmlFor={id}>
        {label}
      </label>
      {children}
      {hint ? (
        <span className={styles.hint} id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
    </div>
  )
}
