'use client'
// Signs an RS256 token in the browser (jose, WebCrypto) from the device's private key, shows the
// lifetime plan for it, and can hand the token to the check panel.
import { useState } from 'react'
import styles from '../../ui/ui.module.css'
import { CopyButton } from '../../ui/copy-button'
import { Field } from '../../ui/field'
import { KeyInput, type KeyInputValue } from '../../ui/key-input'
import { useSessionKey } from '../shared/session-keys'
import type { CheckPrefill } from './check-panel'
import { LifetimePlanView } from './lifetime-plan-view'
import pg from './playground.module.css'
import { loadTokenTools } from './token-tools'

const PRESETS = [
  { value: '900', label: '15 minutes' },
  { value: '3600', label: '1 hour (recommended)' },
  { value: '86400', label: '24 hours (the endpoint\u2019s maximum)' },
  { value: 'custom', label: 'Custom, in seconds' }
] as const
const MAX_VOKE_LIFETIME = 24 * 3600

type Signed = { token: string; sub: string; lifetime: number; backdate: number; publicDer?: Uint8Array }
type State = { phase: 'idle' } | { phase: 'signing' } | { phase: 'done'; signed: Signed } | { phase: 'failed'; message: string; fix?: string }

function topics(text: string): string[] | undefined {
  const list = text.split(',').map((t) => t.trim()).filter(Boolean)
  return list.length ? list : undefined
}

function wholeSeconds(text: string): number | null {
  return /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : null
}

export function SignPanel({ onCheck }: { onCheck: (prefill: CheckPrefill) => void }) {
  const id = 'token-sign'
  const sessionKey = useSessionKey()
  const [useSession, setUseSession] = useState(true)
  const [keyValue, setKeyValue] = useState<KeyInputValue>({ source: 'none' })
  const [sub, setSub] = useState('')
  const [preset, setPreset] = useState<string>('3600')
  const [custom, setCustom] = useState('')
  const [backdate, setBackdate] = useState('0')
  const [withNbf, setWithNbf] = useState(false)
  const [publ, setPubl] = useState('')
  const [subs, setSubs] = useState('')
  const [state, setState] = useState<State>({ phase: 'idle' })

  const fromSession = sessionKey !== null && useSession
  const lifetime = preset === 'custom' ? wholeSeconds(custom) : Number(preset)
  const backdateSeconds = wholeSeconds(backdate)

  async function sign() {
    const privateKey = fromSession
      ? sessionKey.privatePem
      : keyValue.source === 'text'
        ? keyValue.text
        : keyValue.source === 'file'
          ? keyValue.bytes
          : null
    if (!privateKey) return setState({ phase: 'failed', message: keyValue.source === 'too-large' ? 'That file is far too large to be a key.' : 'Add the private key first.' })
    if (!sub) return setState({ phase: 'failed', message: 'Enter the plant id: it becomes sub and must be the MQTT username.' })
    if (!lifetime || lifetime <= 0) return setState({ phase: 'failed', message: 'Give the lifetime as a positive whole number of seconds.' })
    if (backdateSeconds === null || backdateSeconds >= lifetime)
      return setState({ phase: 'failed', message: 'The iat backdate must be whole seconds, less than the lifetime.' })
    setState({ phase: 'signing' })
    try {
      const tools = await loadTokenTools()
      const iat = Math.floor(Date.now() / 1000) - backdateSeconds
      const token = await tools.signToken(privateKey, {
        sub,
        iat,
        lifetime: lifetime + backdateSeconds, // exp = sign time + lifetime, however far iat is backdated
        nbf: withNbf ? iat : undefined,
        publ: topics(publ),
        subs: topics(subs)
      })
      setState({ phase: 'done', signed: { token, sub, lifetime: lifetime + backdateSeconds, backdate: backdateSeconds, publicDer: fromSession ? sessionKey.publicDer : undefined } })
    } catch (error) {
      const coded = error as { message?: string; fix?: string }
      setState({ phase: 'failed', message: coded.message ?? String(error), fix: coded.fix })
    }
  }

  return (
    <section className={styles.card} aria-labelledby={`${id}-title`} data-panel="sign">
      <h3 className={styles.cardTitle} id={`${id}-title`}>
        Sign a test token
      </h3>
      <p className={styles.cardIntro}>
        Signed here with RS256; the key never leaves this page. Header: <code>{'{"alg":"RS256","typ":"JWT"}'}</code>
      </p>

      {sessionKey ? (
        <label className={styles.field}>
          <span>
            <input type="checkbox" className={pg.check} checked={useSession} onChange={(e) => setUseSession(e.target.checked)} />
            Use the key generated on this page ({sessionKey.label})
          </span>
        </label>
      ) : null}
      {fromSession ? null : (
        <KeyInput
          id="token-sign-key"
          label="Private key (jwt-private.pem)"
          hint="PEM (PKCS#1 or PKCS#8), DER or JWK. It stays in this tab."
          placeholder="-----BEGIN RSA PRIVATE KEY-----"
          onChange={setKeyValue}
        />
      )}

      <Field id={`${id}-sub`} label="Plant id (sub, also the MQTT username)">
        <input id={`${id}-sub`} className={styles.input} value={sub} onChange={(e) => setSub(e.target.value)} autoComplete="off" spellCheck={false} />
      </Field>

      <div className={pg.grid}>
        <Field id={`${id}-life`} label="Lifetime">
          <select id={`${id}-life`} className={styles.select} value={preset} onChange={(e) => setPreset(e.target.value)}>
            {PRESETS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </Field>
        {preset === 'custom' ? (
          <Field id={`${id}-custom`} label="Lifetime in seconds" hint={lifetime && lifetime > MAX_VOKE_LIFETIME ? 'Beyond the 24 h maximum of Voke\u2019s token endpoint.' : undefined}>
            <input
              id={`${id}-custom`}
              className={styles.input}
              inputMode="numeric"
              value={custom}
              onChange={(e) => setCustom(e.target.value)}
              aria-describedby={lifetime && lifetime > MAX_VOKE_LIFETIME ? `${id}-custom-hint` : undefined}
            />
          </Field>
        ) : null}
        <Field id={`${id}-backdate`} label="Write iat this many seconds in the past" hint="30\u201360 s tolerates a device clock that runs a little ahead.">
          <input id={`${id}-backdate`} className={styles.input} inputMode="numeric" value={backdate} onChange={(e) => setBackdate(e.target.value)} aria-describedby={`${id}-backdate-hint`} />
        </Field>
      </div>
      <label className={styles.field}>
        <span>
          <input type="checkbox" className={pg.check} checked={withNbf} onChange={(e) => setWithNbf(e.target.checked)} />
          Add nbf (not before), equal to iat
        </span>
      </label>
      <div className={pg.grid}>
        <Field id={`${id}-publ`} label="publ (optional, comma-separated topics)">
          <input id={`${id}-publ`} className={styles.input} value={publ} onChange={(e) => setPubl(e.target.value)} placeholder="cpi/<plant id>/telemetry" aria-describedby={`${id}-topics`} />
        </Field>
        <Field id={`${id}-subs`} label="subs (optional, comma-separated topics)">
          <input id={`${id}-subs`} className={styles.input} value={subs} onChange={(e) => setSubs(e.target.value)} placeholder="cpi/<plant id>/commands" aria-describedby={`${id}-topics`} />
        </Field>
      </div>
      <p className={pg.small} id={`${id}-topics`}>
        The broker does not enforce publ and subs: its ACL decides which topics a plant may use.
      </p>

      <div className={styles.row}>
        <button type="button" className={styles.button} onClick={() => void sign()} disabled={state.phase === 'signing'}>
          Sign token
        </button>
      </div>

      <div role="status" aria-live="polite">
        {state.phase === 'failed' ? (
          <p className={styles.bad}>
            {state.message}
            {state.fix ? <> {state.fix}</> : null}
          </p>
        ) : state.phase === 'done' ? (
          <span className={styles.visuallyHidden}>Token signed.</span>
        ) : null}
      </div>

      {state.phase === 'done' ? (
        <div data-testid="signed-token-block">
          <p className={pg.token} data-testid="signed-token">
            {state.signed.token}
          </p>
          <div className={styles.row}>
            <CopyButton text={state.signed.token} label="Copy token" />
            <button
              type="button"
              className={styles.buttonSecondary}
              onClick={() => onCheck({ token: state.signed.token, username: state.signed.sub, keyFile: state.signed.publicDer, nonce: Date.now() })}
            >
              Check this token
            </button>
          </div>
          <LifetimePlanView lifetime={state.signed.lifetime} backdate={state.signed.backdate} />
        </div>
      ) : null}
    </section>
  )
}
