'use client'
// A drop zone with a hidden file input behind its label: drop a file, or click to choose one.
// Shared by the key input and the explainer; the file goes to `onFile` and nowhere else.
import { useState, type DragEvent, type ReactNode } from 'react'
import styles from './ui.module.css'

export function FileDrop({ inputId, children, onFile }: { inputId: string; children: ReactNode; onFile: (file: File | undefined) => void }) {
  const [dragging, setDragging] = useState(false)

  function onDrop(event: DragEvent) {
    event.preventDefault()
    setDragging(false)
    onFile(event.dataTransfer.files[0])
  }

  return (
    <div
      className={dragging ? styles.dropZoneActive : styles.dropZone}
      onDragOver={(e) => {
        e.preventDefault()
        setDragging(true)
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <label htmlFor={inputId}>{children}</label>
      <input id={inputId} type="file" className={styles.visuallyHidden} onChange={(e) => onFile(e.target.files?.[0])} />
    </div>
  )
}
