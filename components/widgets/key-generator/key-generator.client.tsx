'use client'
// Generates the RSA key pair in the browser (WebCrypto) and offers the four files of the
// platform's key script. The crypto code loads on first click, so reading the page stays light.
import { useEffect, useRef, useState } from 'react'
import type { KeyFiles } from '../../../lib/keys'
import styles from '../../ui/ui.module.css'
import { CopyButton } from '../../ui/copy-button'
import { DownloadButton, saveFile } from '../../ui/download-button'
import { useLoadWhenIdle } from '../shared/load-when-idle'
import { setSessionKey } from '../shared/session-keys'
import { keyFileNotes, keyFileOrder } from './key-file-notes'
import { WidgetCard } from '../../ui/widget-card'

type Bits = 2048 | 3072 | 4096
type State =
  | { phase: 'idle' }
  | { phase: 'working'; bits: Bits; startedAt: number }
  | { phase: 'done'; bits: Bits; files: KeyFiles; sha256Line: string; ms: number }
  | { phase: 'failed'; message: string }

export default function KeyGeneratorClient() {
  const [bits, setBits] = useState<Bits>(2048)
  const [state, setState] = useState<State>({ phase: 'idle' })
  const [elapsed, setElapsed] = useState(0)
  const timer = useRef<ReturnType<typeof setInterval> | null>(null)
  useLoadWhenIdle(() => Promise.all([import('../../../lib/keys'), import('../../../lib/encoding')]))

  useEffect(() => () => {
    if (timer.current) clearInterval(timer.current)
  }, [])

  async function generate() {
    const startedAt = performance.now()
    setState({ phase: 'working', bits, startedAt })
    setElapsed(0)
    timer.current = setInterval(() => setElapsed(performance.now() - startedAt), 100)
    try {
      const [{ generateKeyFiles }, { sha256Hex, sha256sumLine }] = await Promise.all([
        import('../../../lib/keys'),
        import('../../../lib/encoding')
      ])
      const files = await generateKeyFiles(bits)
      const sha256Line = sha256sumLine(await sha256Hex(files['jwt-public.der']), 'jwt-public.der')
      setSessionKey({
        privatePem: files['jwt-private.pem'],
        publicDer: files['jwt-public.der'],
        label: `${bits}-bit key generated on this page`
      })
      setState({ phase: 'done', bits, files, sha256Line, ms: performance.now() - startedAt })
    } catch (error) {
      setState({
        phase: 'failed',
        message:
          error instanceof Error && error.name === 'NotSupportedError'
            ? 'This browser cannot generate RSA keys (WebCrypto RSASSA-PKCS1-v1_5 is missing). Use a current Chrome, Firefox, Safari or Edge, or run the openssl commands below.'
            : `Key generation failed: ${error instanceof Error ? error.message : String(error)}. Try again, or use the openssl commands below.`
      })
    } finally {
      if (timer.current) clearInterval(timer.current)
    }
  }

  const working = state.phase === 'working'

  // One zip of the four files (fflate, loaded on this click only), folder voke-jwt-keys/ with the
  // private key at mode 0600.
  async function downloadAll(files: KeyFiles) {
    const { zipFiles } = await import('../../../lib/kit')
    const zip = await zipFiles(
      'voke-jwt-keys',
      keyFileOrder.map((name) => ({ path: name, content: files[name], mode: name === 'jwt-private.pem' ? 0o600 : 0o644 }))
    )
    saveFile('voke-jwt-keys.zip', zip, 'application/zip')
  }

  return (
    <WidgetCard widget="key-generator">
      <h3 className={styles.cardTitle} id="key-generator-title">
        Generate a key pair in your browser
      </h3>
      <p className={styles.cardIntro}>
        RS256 (RSASSA-PKCS1-v1_5 with SHA-256), public exponent 65537. The key is made by your browser's
        WebCrypto and never leaves this page; it is not stored, so download the files before you leave.
      </p>
      <fieldset className={styles.row} style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className={styles.label} style={{ marginBottom: '0.3rem' }}>
          Key size
        </legend>
        {([2048, 3072, 4096] as const).map((size) => (
          <label key={size} className={styles.row} style={{ gap: '0.3rem', marginRight: '0.75rem' }}>
            <input
              type="radio"
              name="key-size"
              value={size}
              checked={bits === size}
              disabled={working}
              onChange={() => setBits(size)}
            />
            {size} bits{size === 2048 ? ' (default)' : ''}
          </label>
        ))}
      </fieldset>
      <div className={styles.row} style={{ marginTop: '0.75rem' }}>
        <button type="button" className={styles.button} onClick={generate} disabled={working}>
          {working ? 'Generating…' : state.phase === 'done' ? 'Generate a new key pair' : 'Generate key pair'}
        </button>
      </div>

      <div aria-live="polite" role="status">
        {state.phase === 'working' ? (
          <p className={styles.neutral}>
            Generating a {state.bits}-bit key… {(elapsed / 1000).toFixed(1)} s
            {state.bits === 4096 ? ' (4096-bit keys can take several seconds)' : ''}
            <progress style={{ display: 'block', width: '100%', marginTop: '0.4rem' }} aria-label="Generating key" />
          </p>
        ) : null}
        {state.phase === 'failed' ? <p className={styles.bad}>{state.message}</p> : null}
        {state.phase === 'done' ? (
          <p className={styles.ok}>
            {state.bits}-bit key pair ready in {(state.ms / 1000).toFixed(2)} s. Four files below.
          </p>
        ) : null}
      </div>

      {state.phase === 'done' ? (
        <>
          <p className={styles.warn} data-testid="private-key-trust">
            <strong>jwt-private.pem is secret, and it is a master key.</strong> The listener trusts one public key for
            every plant, and the signer picks the token&apos;s <code>sub</code>: whoever holds this private key can sign
            tokens for <em>every</em> plant on the listener, not only yours. Put it only on the service that signs tokens
            (Voke&apos;s API: Option A, for fleets and devices others can reach), or on a device guarded like a master key
            (Option B). The broker loads <code>jwt-public.der</code> and nothing else. Voke&rsquo;s listener has its own key
            pair, made and enrolled by Voke&rsquo;s listener operator, so a pair made here is for a local broker.
          </p>
          <ul className={styles.fileList} aria-label="Key files">
            {keyFileOrder.map((name) => {
              const content = state.files[name]
              const isText = typeof content === 'string'
              return (
                <li key={name} className={styles.fileItem}>
                  <span>
                    <span className={styles.fileName}>{name}</span>{' '}
                    <span className={styles.hint}>{keyFileNotes[name].format}</span>
                  </span>
                  <DownloadButton
                    fileName={name}
                    content={content}
                    type={isText ? 'application/x-pem-file' : 'application/octet-stream'}
                  />
                  <span className={styles.fileNote}>{keyFileNotes[name].usedBy}</span>
                </li>
              )
            })}
          </ul>
          <div className={styles.row}>
            <button type="button" className={styles.buttonSecondary} onClick={() => void downloadAll(state.files)}>
              Download all four files (.zip)
            </button>
          </div>
          <div className={styles.field}>
            <span className={styles.label}>SHA-256 of jwt-public.der</span>
            <span className={styles.hint}>
              Compare with <code>sha256sum jwt-public.der</code> on the broker host to be sure the enrolled file is this one.
            </span>
            <div className={styles.row}>
              <code className={styles.mono} data-testid="public-der-sha256">
                {state.sha256Line}
              </code>
              <CopyButton text={state.sha256Line} label="Copy SHA-256 of jwt-public.der" />
            </div>
          </div>
        </>
      ) : null}
    </WidgetCard>
  )
}
