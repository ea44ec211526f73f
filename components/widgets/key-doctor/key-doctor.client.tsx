'use client'
// <KeyDoctor />: paste or drop any RSA key or certificate; see what it is, whether the broker
// takes it as its key file and why not, and get the fixed jwt-public.der. All in this page.
import { useEffect, useId, useState } from 'react'
import type { KeyChoices, KeyDiagnosis, PairVerdict } from '../../../lib/keys'
import styles from '../../ui/ui.module.css'
import { CopyButton } from '../../ui/copy-button'
import { DownloadButton } from '../../ui/download-button'
import { KeyInput, MAX_INPUT_BYTES, type KeyInputValue } from '../../ui/key-input'
import { useLoadWhenIdle } from '../shared/load-when-idle'
import { WidgetCard } from '../../ui/widget-card'

type Result =
  | { status: 'empty' }
  | { status: 'too-large'; name: string; size: number }
  | { status: 'ready'; diagnosis: KeyDiagnosis; formatName: string; formatAbout: string; pair?: PairVerdict }

function inputOf(value: KeyInputValue): Uint8Array | string | null {
  if (value.source === 'text') return value.text
  if (value.source === 'file') return value.bytes
  return null
}

function useDiagnosis(main: KeyInputValue, other: KeyInputValue, choice: number | undefined): Result {
  const [result, setResult] = useState<Result>({ status: 'empty' })
  useEffect(() => {
    let cancelled = false
    if (main.source === 'too-large') {
      setResult({ status: 'too-large', name: main.name, size: main.size })
      return
    }
    const input = inputOf(main)
    if (input === null) {
      setResult({ status: 'empty' })
      return
    }
    void (async () => {
      // The key library loads on first use, so reading the page costs nothing.
      const { diagnoseKey, comparePair, formatAbout, formatLabel, readKey, DOCTOR_READ_OPTIONS } = await import('../../../lib/keys')
      const diagnosis = await diagnoseKey(input, choice === undefined ? {} : { choice })
      const otherInput = inputOf(other)
      const pair = otherInput === null ? undefined : comparePair(diagnosis.reading, readKey(otherInput, DOCTOR_READ_OPTIONS))
      const format = diagnosis.reading.format
      if (!cancelled) setResult({ status: 'ready', diagnosis, formatName: formatLabel(format), formatAbout: formatAbout(format), pair })
    })()
    return () => {
      cancelled = true
    }
  }, [main, other, choice])
  return result
}

const KIND_NAMES = {
  public: 'RSA public key',
  private: 'RSA private key',
  certificate: 'X.509 certificate with an RSA key',
  request: 'certificate signing request for an RSA key',
  'private-file': 'RSA private key file: its public half was read, the private half was not'
} as const

function KindLabel({ diagnosis }: { diagnosis: KeyDiagnosis }) {
  const r = diagnosis.reading
  if (!r.ok) return <>not a usable RSA key</>
  return (
    <>
      {KIND_NAMES[r.kind]}
      {r.kind === 'private-file' && r.encrypted ? ' (the private half is passphrase-protected; the public half is stored in clear)' : ''}
    </>
  )
}

/** A file with several keys: each named, the default one's reason, and a pick that re-runs the diagnosis. */
function ChoicePicker({ choices, onPick }: { choices: KeyChoices; onPick: (index: number) => void }) {
  const id = useId()
  return (
    <fieldset className={styles.field} data-testid="doctor-choices">
      <legend className={styles.label}>This file holds {choices.items.length} keys: the one used below</legend>
      <span className={styles.hint} data-testid="doctor-choice-reason">
        {choices.reason}
      </span>
      {choices.items.map((item, index) => (
        <div key={index} style={{ display: 'flex', gap: '0.5rem', alignItems: 'baseline', marginTop: '0.5rem' }}>
          <input
            type="radio"
            id={`${id}-${index}`}
            name={`${id}-choice`}
            checked={index === choices.chosen}
            onChange={() => onPick(index)}
            aria-describedby={`${id}-${index}-details`}
          />
          <span>
            <label htmlFor={`${id}-${index}`}>
              <strong>{item.title}</strong>
            </label>
            <span id={`${id}-${index}-details`} className={styles.hint} style={{ display: 'block' }}>
              {item.details.join(' · ')}
            </span>
          </span>
        </div>
      ))}
    </fieldset>
  )
}

function FormatNotes({ diagnosis }: { diagnosis: KeyDiagnosis }) {
  const r = diagnosis.reading
  if (!r.ok) return null
  return (
    <>
      {r.labelWrong ? (
        <p className={styles.warn} data-testid="doctor-label-wrong">
          <strong>The label is wrong.</strong> The file says <code>BEGIN {r.labelWrong.label}</code> but holds what belongs under{' '}
          <code>BEGIN {r.labelWrong.expected}</code> (the header was edited by hand). The key inside is sound and was read; openssl
          refuses the file as it is. Use the fixed file below, and export the key again rather than renaming labels.
        </p>
      ) : null}
      {r.kind === 'private-file' ? (
        <p className={styles.neutral}>
          <strong>To sign tokens with it:</strong> {r.toSigningPem.message} {r.toSigningPem.fix}
        </p>
      ) : null}
    </>
  )
}

function Findings({ diagnosis, formatName, formatAbout }: { diagnosis: KeyDiagnosis; formatName: string; formatAbout: string }) {
  const r = diagnosis.reading
  const broker = diagnosis.asBrokerFile
  return (
    <>
      <dl className={styles.facts}>
        <dt>Detected format</dt>
        <dd data-testid="doctor-format">{formatName}</dd>
        {formatAbout ? (
          <>
            <dt>What it is for</dt>
            <dd data-testid="doctor-format-about">{formatAbout}</dd>
          </>
        ) : null}
        <dt>What it is</dt>
        <dd data-testid="doctor-kind">
          <KindLabel diagnosis={diagnosis} />
        </dd>
        {r.ok ? (
          <>
            <dt>Key size</dt>
            <dd data-testid="doctor-bits">{r.publicKey.modulusBits} bits</dd>
            <dt>Public exponent</dt>
            <dd>{r.publicKey.exponent.toString()}</dd>
          </>
        ) : null}
      </dl>
      {broker.ok ? (
        <p className={styles.ok} data-testid="doctor-verdict">
          <strong>The broker accepts this file as it is.</strong> On a local broker, mount it as{' '}
          <code>jwt-public.der</code> (<code>plugin_opt_jwt_sec_file</code>), then stop and start the broker. Voke&rsquo;s
          listener loads its own key file: compare SHA-256s with Voke&rsquo;s listener operator.
        </p>
      ) : (
        <div className={styles.bad} data-testid="doctor-verdict">
          <strong>The broker would reject every token with this file</strong> <code>({broker.code})</code>.{' '}
          {broker.message} <br />
          <strong>Fix:</strong> {broker.fix}
        </div>
      )}
      {!r.ok ? (
        <p className={styles.neutral}>
          <strong>{r.error.code}:</strong> {r.error.message} {r.error.fix}
        </p>
      ) : null}
    </>
  )
}

function FixedFile({ diagnosis }: { diagnosis: KeyDiagnosis }) {
  if (diagnosis.asBrokerFile.ok) return null
  if (!diagnosis.fixed) {
    return diagnosis.fixedRefused ? (
      <p className={styles.warn}>
        No file can fix this: {diagnosis.fixedRefused.message} {diagnosis.fixedRefused.fix}
      </p>
    ) : null
  }
  return (
    <div className={styles.field}>
      <span className={styles.label}>The fixed file</span>
      <span className={styles.hint}>
        The same key as PKCS#1 DER, the only form the broker reads. Load this file on a local broker; for Voke&rsquo;s
        listener, ask Voke&rsquo;s listener operator to load the PKCS#1 DER form.
      </span>
      <div className={styles.row}>
        <DownloadButton fileName="jwt-public.der" content={diagnosis.fixed.der} />
      </div>
      <div className={styles.row}>
        <code className={styles.mono} data-testid="doctor-sha256">
          {diagnosis.fixed.sha256Line}
        </code>
        <CopyButton text={diagnosis.fixed.sha256Line} label="Copy SHA-256 of the fixed jwt-public.der" />
      </div>
    </div>
  )
}

function DerivedFiles({ diagnosis }: { diagnosis: KeyDiagnosis }) {
  const files = diagnosis.derivedFiles
  if (!files) return null
  return (
    <div className={styles.field}>
      <span className={styles.label}>Public files from this private key</span>
      <span className={styles.hint}>
        jwt-public.der is the file the broker loads: on a local broker you mount it, on Voke&rsquo;s listener its
        operator does. Keep the private key where tokens are signed, and nowhere else.
      </span>
      <div className={styles.row}>
        <DownloadButton fileName="jwt-public.der" content={files['jwt-public.der']} />
        <DownloadButton fileName="jwt-public.pem" content={files['jwt-public.pem']} type="application/x-pem-file" />
      </div>
    </div>
  )
}

function PairResult({ pair }: { pair?: PairVerdict }) {
  if (!pair) return null
  if (pair.status === 'match')
    return (
      <p className={styles.ok} data-testid="doctor-pair">
        The two keys belong together: tokens signed with the private key verify with the public key.
      </p>
    )
  if (pair.status === 'mismatch')
    return (
      <p className={styles.bad} data-testid="doctor-pair">
        The two keys do not belong together. Tokens signed with one are rejected by a broker holding the other
        (CONNACK 5 on MQTT 3.1.1, 135 on MQTT 5). With Option B, sign with the listener&rsquo;s own private key, the one
        Voke&rsquo;s listener operator gives you. On a local broker, load the public key made from the private key the
        device signs with.
      </p>
    )
  return (
    <p className={styles.neutral} data-testid="doctor-pair">
      Cannot compare: {pair.reason}
    </p>
  )
}

export default function KeyDoctorClient() {
  const [main, setMainValue] = useState<KeyInputValue>({ source: 'none' })
  const [other, setOther] = useState<KeyInputValue>({ source: 'none' })
  const [choice, setChoice] = useState<number | undefined>(undefined)
  const setMain = (value: KeyInputValue) => {
    setChoice(undefined) // a new file starts from its own default entry
    setMainValue(value)
  }
  const result = useDiagnosis(main, other, choice)
  useLoadWhenIdle(() => import('../../../lib/keys'))

  return (
    <WidgetCard widget="key-doctor">
      <h3 className={styles.cardTitle} id="key-doctor-title">
        Key doctor
      </h3>
      <p className={styles.cardIntro}>
        Paste a key or certificate, or drop the file (binary DER works too). Nothing is uploaded: the check runs in
        this page.
      </p>
      <KeyInput
        id="key-doctor-key"
        label="Key, certificate or key file"
        placeholder="-----BEGIN PUBLIC KEY-----"
        hint="PEM, DER, base64 or hex, JWK, ssh-rsa, PuTTY .ppk, OpenPGP, a CSR, a chain or .p7b, openssl -text output. Private keys are read here only, never sent."
        onChange={setMain}
      />
      <div aria-live="polite">
        {result.status === 'too-large' ? (
          <p className={styles.bad}>
            {result.name} is {(result.size / 1024 / 1024).toFixed(1)} MB; a key file is a few kilobytes (the doctor reads up
            to {MAX_INPUT_BYTES / 1024} KB). Choose the key file itself, e.g. jwt-public.der.
          </p>
        ) : null}
        {result.status === 'ready' ? (
          <>
            <Findings diagnosis={result.diagnosis} formatName={result.formatName} formatAbout={result.formatAbout} />
            {result.diagnosis.reading.choices ? <ChoicePicker choices={result.diagnosis.reading.choices} onPick={setChoice} /> : null}
            <FormatNotes diagnosis={result.diagnosis} />
            <FixedFile diagnosis={result.diagnosis} />
            <DerivedFiles diagnosis={result.diagnosis} />
            <PairResult pair={result.pair} />
          </>
        ) : null}
      </div>
      <details style={{ marginTop: '1rem' }}>
        <summary>Check that a public key and a private key belong together</summary>
        <KeyInput
          id="key-doctor-other-key"
          label="Second key (the other half of the pair)"
          hint="Paste the private key the device signs with, or the public key enrolled on the broker."
          onChange={setOther}
        />
      </details>
    </WidgetCard>
  )
}
