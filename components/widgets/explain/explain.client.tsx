'use client'
// <Explain />: one box for whatever a stuck integrator has: a client error or traceback, the
// broker's log lines, a CONNACK code, a token, a key or certificate (pasted, or a file dropped).
// lib/explain does the work in this page; nothing is sent anywhere or stored.
import { useEffect, useRef, useState } from 'react'
import type { Explanation, Finding, FindingKind } from '../../../lib/explain'
import { FileDrop } from '../../ui/file-drop'
import styles from '../../ui/ui.module.css'
import { WidgetCard, widgetTitleId } from '../../ui/widget-card'
import { useLoadWhenIdle } from '../shared/load-when-idle'
import own from './explain.module.css'
import { EXPLAIN_HASH, takeOfferedText } from './handoff'

/** A dropped file is read up to this size: larger than any key, bundle or useful log excerpt. */
const MAX_FILE_BYTES = 16 * 1024 * 1024
/**
 * A paste longer than this is cut to it in the box itself: laying out a 10 MB textarea blocks the
 * page for seconds (measured: ~13 s in Chromium), and the explainer reads only this much anyway.
 */
const MAX_BOX_CHARS = 512 * 1024
/** Typing pauses this long before the paste is explained again. */
const DEBOUNCE_MS = 120

interface Input {
  text: string
  /** Arrived at once (a paste or a dropped log), so it is explained without waiting for more typing. */
  paste: boolean
  /** A binary file dropped beside the text (jwt-public.der, a .p12 …): diagnosed, and used to verify tokens. */
  keyFile?: Uint8Array
}

const KIND_LABEL: Record<FindingKind, string> = {
  'broker-log': 'Broker log',
  client: 'Client output',
  tls: 'TLS',
  network: 'Network',
  library: 'Library or tool error',
  connack: 'CONNACK code',
  token: 'Token',
  key: 'Key or certificate',
  'not-recognised': 'Not recognised'
}

/** "/troubleshooting#token-expired" → "Troubleshooting: Token expired". */
function sectionName(href: string): string {
  const [path, anchor = ''] = href.split('#')
  const page = (path ?? '').replace(/^\//, '').replace(/-/g, ' ')
  const heading = anchor.replace(/-/g, ' ')
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
  return `${cap(page)}: ${cap(heading)}`
}

function useExplanation(input: Input): Explanation | null {
  const [result, setResult] = useState<Explanation | null>(null)
  useEffect(() => {
    if (!input.text.trim() && !input.keyFile) {
      setResult(null)
      return
    }
    let cancelled = false
    const timer = setTimeout(async () => {
      // The explainer (with the key and token libraries) loads on first use.
      const { explain } = await import('../../../lib/explain')
      const explanation = await explain(input.text, input.keyFile ? { keyFile: input.keyFile } : {})
      if (!cancelled) setResult(explanation)
    }, input.paste ? 0 : DEBOUNCE_MS)
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [input])
  return result
}

function FindingView({ finding }: { finding: Finding }) {
  const tone = finding.kind === 'not-recognised' ? styles.neutral : finding.causes.length ? styles.bad : styles.ok
  return (
    <li className={`${tone} ${own.finding}`} data-testid="explain-finding" data-finding={finding.id} data-causes={finding.causes.map((c) => c.code).join(' ')}>
      <p className={own.findingTitle}>
        {KIND_LABEL[finding.kind]}
        {finding.count > 1 ? ` (${finding.count} lines like this)` : ''}
      </p>
      {finding.excerpt ? <code className={own.excerpt}>{finding.excerpt}</code> : null}
      <p style={{ margin: 0 }}>{finding.meaning}</p>
      {finding.details?.length ? (
        <ul className={own.details}>
          {finding.details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      ) : null}
      {finding.causes.length ? (
        <>
          <p style={{ margin: '0.5rem 0 0' }}>
            <strong>{finding.causes.length > 1 ? 'Likely causes, most likely first:' : 'Cause:'}</strong>
          </p>
          <ol className={own.causes}>
            {finding.causes.map((cause) => (
              <li key={cause.code} data-cause={cause.code}>
                {cause.title} <strong>Fix:</strong> {cause.fix} <a href={cause.section}>{sectionName(cause.section)}</a>
              </li>
            ))}
          </ol>
        </>
      ) : null}
      <p style={{ margin: '0.5rem 0 0' }}>
        <strong>Next:</strong> {finding.next}
      </p>
      {finding.capturedFrom ? <p className={own.small}>Recognised from the output of {finding.capturedFrom}.</p> : null}
    </li>
  )
}

/**
 * Takes the text the search box's "Explain this" entry handed over (handoff.ts), when the page is
 * opened or its hash changes to EXPLAIN_HASH; the hash then becomes this card's title id, so the
 * address shows a real anchor and the entry works again from this page.
 */
function useTextFromSearchBox(fill: (text: string) => void) {
  const fillRef = useRef(fill)
  fillRef.current = fill
  useEffect(() => {
    const take = () => {
      if (window.location.hash !== EXPLAIN_HASH) return
      history.replaceState(history.state, '', `#${widgetTitleId('explain')}`)
      const text = takeOfferedText()
      if (text) fillRef.current(text)
    }
    take()
    // Picked on this page, the entry is a client-side navigation to the same path: Next changes
    // the address with history.pushState, which fires no hashchange. The Navigation API reports
    // every change of the current entry; where a browser lacks it, a cheap look at the hash does.
    const navigation = (window as Window & { navigation?: EventTarget }).navigation
    navigation?.addEventListener('currententrychange', take)
    window.addEventListener('hashchange', take)
    const poll = navigation ? undefined : window.setInterval(take, 250)
    return () => {
      navigation?.removeEventListener('currententrychange', take)
      window.removeEventListener('hashchange', take)
      if (poll !== undefined) window.clearInterval(poll)
    }
  }, [])
}

export default function ExplainClient() {
  const id = 'explain'
  const [input, setInput] = useState<Input>({ text: '', paste: false })
  const [fileName, setFileName] = useState<string | null>(null)
  const [fileNote, setFileNote] = useState<string | null>(null)
  const textRef = useRef<HTMLTextAreaElement>(null)
  const lastLength = useRef(0)
  const result = useExplanation(input)
  useLoadWhenIdle(() => import('../../../lib/explain'))
  useTextFromSearchBox((text) => {
    const box = textRef.current
    if (!box) return
    box.value = text.slice(0, MAX_BOX_CHARS)
    lastLength.current = 0
    takeText(text, undefined)
    box.scrollIntoView({ block: 'center' })
    // The card's controls are enabled once it has hydrated: focus on the next frame.
    requestAnimationFrame(() => box.focus({ preventScroll: true }))
  })

  function takeText(value: string, keyFile = input.keyFile) {
    if (value.length > MAX_BOX_CHARS && textRef.current) textRef.current.value = value.slice(0, MAX_BOX_CHARS)
    // More than a keystroke's worth at once: a paste, answered at once.
    const paste = Math.abs(value.length - lastLength.current) > 2
    lastLength.current = Math.min(value.length, MAX_BOX_CHARS)
    setInput({ text: value, paste, ...(keyFile ? { keyFile } : {}) })
  }

  async function takeFile(file: File | undefined) {
    if (!file) return
    // Only the start of a huge file is read: the explainer reads the first 512 KB of text anyway.
    const slice = file.size > MAX_FILE_BYTES ? file.slice(0, MAX_FILE_BYTES) : file
    setFileNote(file.size > MAX_FILE_BYTES ? `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; only its start was read.` : null)
    const bytes = new Uint8Array(await slice.arrayBuffer())
    const { bytesToText, looksBinary } = await import('../../../lib/explain')
    if (looksBinary(bytes)) {
      // A key file or bundle: kept beside whatever is pasted, so a pasted token is checked with it.
      setFileName(file.name)
      setInput({ text: textRef.current?.value ?? '', paste: true, keyFile: bytes })
      return
    }
    // A text file (a log, a PEM key): it goes into the box, where the reader sees what was read.
    setFileName(null)
    const text = bytesToText(bytes)
    if (textRef.current) textRef.current.value = text.slice(0, MAX_BOX_CHARS)
    lastLength.current = 0
    takeText(text, undefined)
  }

  return (
    <WidgetCard widget="explain">
      <h3 className={styles.cardTitle} id={widgetTitleId('explain')}>
        Explain an error, log line, code, token or key
      </h3>
      <p className={styles.cardIntro}>
        Paste what you have: the client&apos;s error or traceback, the broker&apos;s log lines, a CONNACK code, the token,
        or the key file. Several at once are each explained. Nothing leaves this page.
      </p>
      <div className={styles.field}>
        <label className={styles.label} htmlFor={`${id}-text`}>
          What the client, the broker or a tool printed
        </label>
        <textarea
          id={`${id}-text`}
          ref={textRef}
          className={styles.textarea}
          placeholder={'Connection error: Not authorized\njwt-auth: error validating jwt: ValidationError(Expired(…))'}
          spellCheck={false}
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
          aria-describedby={`${id}-hint`}
          data-testid="explain-input"
          onChange={(e) => takeText(e.target.value)}
        />
        <FileDrop inputId={`${id}-file`} onFile={(file) => void takeFile(file)}>
          {fileName ? `Key file: ${fileName}, checked with the text above. ` : ''}Or drop a file here (a log, jwt-public.der, a .p12 …) or{' '}
          <span style={{ textDecoration: 'underline' }}>choose one</span>
        </FileDrop>
        <span className={styles.hint} id={`${id}-hint`}>
          Tokens and private keys are read here only, never sent or stored. Only the first 512 KB of a long paste are read.
        </span>
      </div>
      <div aria-live="polite" data-testid="explain-result">
        {fileNote ? <p className={styles.warn}>{fileNote}</p> : null}
        {result?.notes.map((note) => (
          <p key={note} className={styles.neutral}>
            {note}
          </p>
        ))}
        {result ? (
          <ol className={own.findings} aria-label="Explanation">
            {result.findings.map((finding) => (
              <FindingView key={`${finding.id}-${finding.excerpt}`} finding={finding} />
            ))}
          </ol>
        ) : null}
      </div>
    </WidgetCard>
  )
}
