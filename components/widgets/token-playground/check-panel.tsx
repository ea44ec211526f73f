'use client'
// Decode, verify and judge a token as the broker would, live as the user types. Huge pastes are
// refused before they reach the textarea, and inputs beyond a normal token are debounced.
import { useEffect, useMemo, useRef, useState } from 'react'
import styles from '../../ui/ui.module.css'
import { Field } from '../../ui/field'
import { KeyInput, MAX_INPUT_BYTES, type KeyInputValue } from '../../ui/key-input'
import { useSessionKey } from '../shared/session-keys'
import { evaluateCheck, type CheckResult } from './check-evaluation'
import { CheckResultView } from './check-result-view'
import pg from './playground.module.css'
import { loadTokenTools } from './token-tools'

export interface CheckPrefill {
  token: string
  username: string
  keyFile?: Uint8Array
  /** Changes on every "Check this token" click, so the same token can be handed over twice. */
  nonce: number
}

/** Larger than any real token: evaluate these a moment after typing stops, not per keystroke. */
const DEBOUNCE_ABOVE = 8192
const DEBOUNCE_MS = 200

type KeySource = { kind: 'input'; value: KeyInputValue } | { kind: 'given'; bytes: Uint8Array; label: string }

function keyBytes(source: KeySource): Uint8Array | null {
  if (source.kind === 'given') return source.bytes
  if (source.value.source === 'file') return source.value.bytes
  // Pasted text reaches the broker as its bytes: a pasted PEM is what a PEM key file would be.
  if (source.value.source === 'text') return new TextEncoder().encode(source.value.text)
  return null
}

export function CheckPanel({ prefill, subheading }: { prefill: CheckPrefill | null; subheading: 'h3' | 'h4' }) {
  const id = 'token-check'
  const sessionKey = useSessionKey()
  const [token, setToken] = useState('')
  const [tooLarge, setTooLarge] = useState<number | null>(null)
  const [keySource, setKeySource] = useState<KeySource>({ kind: 'input', value: { source: 'none' } })
  const [username, setUsername] = useState('')
  const [protocol, setProtocol] = useState<'3.1.1' | '5'>('5')
  const [offset, setOffset] = useState('0')
  const [result, setResult] = useState<CheckResult | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const sequence = useRef(0)

  useEffect(() => {
    if (!prefill) return
    setToken(prefill.token)
    setTooLarge(null)
    setUsername(prefill.username)
    if (prefill.keyFile) setKeySource({ kind: 'given', bytes: prefill.keyFile, label: 'the public key of the key generated on this page' })
  }, [prefill])

  const offsetSeconds = /^[+-]?\d{1,9}$/.test(offset.trim()) ? Number(offset.trim()) : 0
  // Memoised: a fresh array per render would re-run the evaluation effect forever.
  const keyFile = useMemo(() => keyBytes(keySource), [keySource])
  const keyTooLarge = keySource.kind === 'input' && keySource.value.source === 'too-large'

  useEffect(() => {
    const run = ++sequence.current
    if (!token) {
      setResult(null)
      return
    }
    const evaluate = async () => {
      try {
        const tools = await loadTokenTools()
        const next = await evaluateCheck(tools, { token, keyFile, username, protocol, brokerOffset: offsetSeconds })
        if (run === sequence.current) {
          setResult(next)
          setFailure(null)
        }
      } catch (error) {
        if (run === sequence.current) setFailure(`The check failed unexpectedly: ${(error as Error).message}`)
      }
    }
    if (token.length <= DEBOUNCE_ABOVE) {
      void evaluate()
      return
    }
    const timer = setTimeout(() => void evaluate(), DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [token, keyFile, username, protocol, offsetSeconds])

  function takeToken(value: string) {
    if (value.length > MAX_INPUT_BYTES) {
      // Never keep megabytes in a controlled textarea: refuse and say why.
      setToken('')
      setTooLarge(value.length)
      return
    }
    setTooLarge(null)
    setToken(value)
  }

  const sub = result?.decoded && typeof result.decoded.payload.sub === 'string' ? result.decoded.payload.sub : null
  const summary = tooLarge
    ? 'Pasted text too large to be a token.'
    : result?.verdict
      ? result.verdict.outcome === 'crash'
        ? `CRASHES THE BROKER, rule ${result.verdict.rule}: ${result.verdict.connackText}.`
        : result.verdict.accept
          ? `ACCEPT: ${result.verdict.connackText}.`
          : `REJECT, rule ${result.verdict.rule}: ${result.verdict.connackText}.`
      : result?.decodeProblem
        ? `Token not readable: ${result.decodeProblem.code}.`
        : result
          ? 'Token decoded. Add the key file for the verdict.'
          : ''

  return (
    <div data-panel="check">
      <Field id={`${id}-token`} label="Token (the MQTT password)" hint="Paste exactly what the device sends; spaces and line ends count.">
        <textarea
          id={`${id}-token`}
          className={styles.textarea}
          value={token}
          onChange={(e) => takeToken(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
          aria-describedby={`${id}-token-hint`}
          placeholder="eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9…"
        />
      </Field>
      {tooLarge ? (
        <p className={styles.bad} data-testid="too-large">
          The pasted text is {tooLarge.toLocaleString('en')} characters, so it is not a token: a token is a few hundred
          characters, and an MQTT password holds at most 65,535 bytes. Paste only the token.
        </p>
      ) : null}

      {keySource.kind === 'given' ? (
        <p className={styles.neutral}>
          Key file: {keySource.label}.{' '}
          <button type="button" className={styles.buttonSecondary} onClick={() => setKeySource({ kind: 'input', value: { source: 'none' } })}>
            Use another key file
          </button>
        </p>
      ) : (
        <>
          <KeyInput
            id="token-check-key"
            label="Key file as enrolled (jwt-public.der)"
            hint="The broker reads these bytes as they are: choose the .der file itself. Pasted text is judged as a text file."
            onChange={(value) => setKeySource({ kind: 'input', value })}
          />
          {sessionKey ? (
            <button
              type="button"
              className={styles.buttonSecondary}
              onClick={() => setKeySource({ kind: 'given', bytes: sessionKey.publicDer, label: `jwt-public.der of the ${sessionKey.label}` })}
            >
              Use jwt-public.der of the key generated on this page
            </button>
          ) : null}
          {keyTooLarge ? <p className={styles.bad}>That file is far too large to be a key file.</p> : null}
        </>
      )}

      <div className={pg.grid}>
        <Field id={`${id}-user`} label="MQTT username" hint="Empty means an empty username, as the broker would see it.">
          <input
            id={`${id}-user`}
            className={styles.input}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${id}-user-hint`}
          />
        </Field>
        <Field id={`${id}-protocol`} label="MQTT version">
          <select id={`${id}-protocol`} className={styles.select} value={protocol} onChange={(e) => setProtocol(e.target.value as '3.1.1' | '5')}>
            <option value="5">MQTT 5</option>
            <option value="3.1.1">MQTT 3.1.1</option>
          </select>
        </Field>
        <Field id={`${id}-offset`} label="Broker clock offset in seconds" hint="Negative: the broker is behind this device (the device clock is ahead).">
          <input id={`${id}-offset`} className={styles.input} inputMode="numeric" value={offset} onChange={(e) => setOffset(e.target.value)} aria-describedby={`${id}-offset-hint`} />
        </Field>
      </div>
      {sub !== null && sub !== username ? (
        <button type="button" className={styles.buttonSecondary} onClick={() => setUsername(sub)}>
          Use the token&apos;s sub as username
        </button>
      ) : null}

      <div role="status" aria-live="polite" aria-atomic="true" className={styles.visuallyHidden} data-testid="verdict-announcement">
        {summary}
      </div>
      {failure ? <p className={styles.bad}>{failure}</p> : null}
      {result && !tooLarge ? <CheckResultView result={result} subheading={subheading} /> : null}
    </div>
  )
}
