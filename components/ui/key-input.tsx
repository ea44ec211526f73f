'use client'
// Paste text or choose/drop a file (binary DER included). Reports raw bytes or text upward;
// nothing leaves the page. Large inputs are cut off before they can freeze the tab.
import { useState } from 'react'
import { FileDrop } from './file-drop'
import styles from './ui.module.css'

/** Larger than any key, certificate or token; above this we refuse instead of parsing. */
export const MAX_INPUT_BYTES = 1024 * 1024

export type KeyInputValue =
  | { source: 'none' }
  | { source: 'text'; text: string }
  | { source: 'file'; name: string; bytes: Uint8Array }
  | { source: 'too-large'; name: string; size: number }

export function KeyInput({
  id,
  label,
  hint,
  placeholder,
  onChange
}: {
  /** Stable prefix for the field's ids (the widget's name and the field's role), never a generated id. */
  id: string
  label: string
  hint?: string
  placeholder?: string
  onChange: (value: KeyInputValue) => void
}) {
  const [text, setText] = useState('')
  const [fileName, setFileName] = useState<string | null>(null)

  async function takeFile(file: File | undefined) {
    if (!file) return
    setText('')
    setFileName(file.name)
    if (file.size > MAX_INPUT_BYTES) {
      onChange({ source: 'too-large', name: file.name, size: file.size })
      return
    }
    onChange({ source: 'file', name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })
  }

  function takeText(value: string) {
    setFileName(null)
    if (value.length > MAX_INPUT_BYTES) {
      // Keep the textarea light: a multi-megabyte paste is not a key.
      setText('')
      onChange({ source: 'too-large', name: 'pasted text', size: value.length })
      return
    }
    setText(value)
    onChange(value.trim() ? { source: 'text', text: value } : { source: 'none' })
  }

  return (
    <div className={styles.field}>
      <label className={styles.label} htmlFor={`${id}-text`}>
        {label}
      </label>
      <textarea
        id={`${id}-text`}
        className={styles.textarea}
        value={text}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        autoCorrect="off"
        autoCapitalize="off"
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => takeText(e.target.value)}
      />
      <FileDrop inputId={`${id}-file`} onFile={(file) => void takeFile(file)}>
        {fileName ? `File: ${fileName}. ` : ''}Drop a file here or <span style={{ textDecoration: 'underline' }}>choose one</span>
      </FileDrop>
      {hint ? (
        <span className={styles.hint} id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
    </div>
  )
}
