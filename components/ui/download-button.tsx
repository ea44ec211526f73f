'use client'
// Saves bytes or text as a named file, straight from memory: nothing is uploaded or stored.
import styles from './ui.module.css'

export function saveFile(name: string, content: Uint8Array | string, type: string) {
  const blob = new Blob([typeof content === 'string' ? content : new Uint8Array(content)], { type })
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
  // Give the browser a moment to start the download before the URL is revoked.
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export function DownloadButton({
  fileName,
  content,
  type = 'application/octet-stream'
}: {
  fileName: string
  content: Uint8Array | string
  type?: string
}) {
  return (
    <button type="button" className={styles.button} onClick={() => saveFile(fileName, content, type)}>
      Download {fileName}
    </button>
  )
}
