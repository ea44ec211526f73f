'use client'
// The starter kit: the reader picks language, environment and who signs tokens; the kit (keys,
// settings, the connect program, run.sh) is zipped in the browser and downloaded. Nothing is
// sent or stored; the zip library loads on the first build.
import { useState } from 'react'
import {
  buildKit,
  gatewayKeyPath,
  kitName,
  kitProblem,
  kitWarning,
  ONE_KEY_FOR_THE_LISTENER,
  WHAT_FOLLOWS,
  zipFiles,
  type KitEnvironment,
  type KitLanguage,
  type KitOptions,
  type KitSigner,
  type KitSources
} from '../../../lib/kit'
import { DownloadButton, saveFile } from '../../ui/download-button'
import { KeyInput, type KeyInputValue } from '../../ui/key-input'
import styles from '../../ui/ui.module.css'
import { WidgetCard } from '../../ui/widget-card'
import { usePlantProfile } from '../plant-profile/profile-store'
import { useLoadWhenIdle } from '../shared/load-when-idle'
import { setSessionKey, useSessionKey } from '../shared/session-keys'
import { generatedKey, keyFromInput, keyFromSession, type KeyOutcome } from './kit-key'

type KeySource = 'generate' | 'session' | 'file' | 'none'
type Built = { zipName: string; zip: Uint8Array; fileCount: number; ms: number; publicDer?: Uint8Array; sha256Line?: string }
type State = { phase: 'idle' } | { phase: 'working' } | { phase: 'done'; built: Built } | { phase: 'refused'; message: string; fix: string }

function Choice<T extends string>({ name, legend, value, options, onChange, disabled }: {
  name: string
  legend: string
  value: T
  options: { value: T; label: string }[]
  onChange: (value: T) => void
  disabled: boolean
}) {
  return (
    <fieldset className={styles.row} style={{ border: 0, padding: 0, margin: '0.5rem 0 0' }}>
      <legend className={styles.label} style={{ marginBottom: '0.3rem' }}>
        {legend}
      </legend>
      {options.map((option) => (
        <label key={option.value} className={styles.row} style={{ gap: '0.3rem', marginRight: '0.9rem' }}>
          <input type="radio" name={name} value={option.value} checked={value === option.value} disabled={disabled} onChange={() => onChange(option.value)} />
          {option.label}
        </label>
      ))}
    </fieldset>
  )
}

// One fetch per page view, shared by the idle preload and the first build; a failure is forgotten
// so the next build tries again.
let kitSources: Promise<KitSources> | undefined
function loadKitSources(url: string): Promise<KitSources> {
  kitSources ??= fetch(url)
    .then((response) => {
      if (!response.ok) throw new Error(`The kit's program files could not be loaded (the site answered ${response.status}).`)
      return response.json() as Promise<KitSources>
    })
    .catch((error: unknown) => {
      kitSources = undefined
      throw error
    })
  return kitSources
}

export default function StarterKitClient({ sourcesUrl }: { sourcesUrl: string }) {
  const id = 'starter-kit'
  const profile = usePlantProfile()
  const sessionKey = useSessionKey()
  const [language, setLanguage] = useState<KitLanguage>('python')
  const [environment, setEnvironment] = useState<KitEnvironment>('production')
  const [signer, setSigner] = useState<KitSigner>('device')
  const [caFile, setCaFile] = useState('')
  const [keySource, setKeySource] = useState<KeySource>('file')
  const [keyInput, setKeyInput] = useState<KeyInputValue>({ source: 'none' })
  const [state, setState] = useState<State>({ phase: 'idle' })
  // The kit's code and the key tools, fetched once the page is idle (fflate only on the first build).
  useLoadWhenIdle(() => Promise.all([import('../../../lib/keys'), import('../../../lib/encoding'), loadKitSources(sourcesUrl)]))

  // Node-RED reads the key where the gateway keeps it: the plant profile's private key path.
  const options: KitOptions = { language, environment, signer, plantId: profile.plantId, caFile, gatewayKeyPath: profile.privateKeyPath }
  const problem = kitProblem(options)
  const warning = kitWarning(options)
  const working = state.phase === 'working'
  // Option B loads the listener's private key by default (the one Voke's operator gives out; a
  // pair made here is not the enrolled key), a fresh pair is offered last, for a local broker.
  // Option A needs no key (its kit holds no private key).
  const sources_: KeySource[] = signer === 'device' ? ['file', 'session', 'generate'] : ['none', 'session', 'file']
  const source: KeySource = sources_.includes(keySource) && (keySource !== 'session' || sessionKey) ? keySource : sources_[0]!

  async function chosenKey(): Promise<KeyOutcome> {
    if (source === 'none') return { ok: true, key: null, label: 'no key file' }
    if (source === 'session' && sessionKey) return keyFromSession(sessionKey, signer)
    if (source === 'file') return keyFromInput(keyInput, signer)
    const { outcome, session } = await generatedKey()
    setSessionKey(session) // the token playground and the key tools on other pages can use it too
    // The next build (another language, say) keeps this key: its jwt-public.der may be enrolled already.
    setKeySource('session')
    return outcome
  }

  async function build() {
    const startedAt = performance.now()
    setState({ phase: 'working' })
    try {
      const outcome = await chosenKey()
      if (!outcome.ok) return setState({ phase: 'refused', message: outcome.message, fix: outcome.fix })
      const kit = buildKit(await loadKitSources(sourcesUrl), options, outcome.key)
      const zip = await zipFiles(kit.name, kit.files)
      const zipName = `${kit.name}.zip`
      saveFile(zipName, zip, 'application/zip')
      const built: Built = { zipName, zip, fileCount: kit.files.length, ms: performance.now() - startedAt }
      if (outcome.key) Object.assign(built, { publicDer: outcome.key.publicDer, sha256Line: `${outcome.key.sha256Hex}  jwt-public.der` })
      setState({ phase: 'done', built })
    } catch (error) {
      const coded = error as { name?: string; message?: string; fix?: string }
      // The zip code loads on the first build: offline since the page loaded, that import fails.
      if (coded.name === 'ChunkLoadError' || /Loading chunk|dynamically imported module|Failed to fetch/i.test(coded.message ?? ''))
        return setState({ phase: 'refused', message: 'The zip code could not be loaded: this page is offline.', fix: 'Reconnect, then build again. Nothing was sent.' })
      setState({ phase: 'refused', message: coded.message ?? String(error), fix: coded.fix ?? 'Reload the page and try again.' })
    }
  }

  const keyLabels: Record<KeySource, string> = {
    generate: 'Generate a fresh 2048-bit pair (local development and testing only)',
    session: sessionKey ? `Use the key from this visit (${sessionKey.label})` : 'Use the key from this visit',
    file: signer === 'device' ? 'Load jwt-private.pem' : 'Load the listener\u2019s key file',
    none: 'No key file (run.sh cannot check the signature first)'
  }

  return (
    <WidgetCard widget="starter-kit">
      <h3 className={styles.cardTitle} id={`${id}-title`}>
        Build your starter kit
      </h3>
      <p className={styles.cardIntro}>
        One zip with the keys, your settings, the connect program and <code>run.sh</code>. It is made in this browser;
        nothing is sent or stored.
      </p>
      <p className={styles.hint} data-testid="kit-plant">
        {profile.plantId.trim() ? (
          <>
            Plant <code>{profile.plantId.trim()}</code> (from your plant profile).
          </>
        ) : (
          'No plant id yet: set it in the plant profile above.'
        )}
      </p>
      <Choice
        name={`${id}-language`}
        legend="Language"
        value={language}
        disabled={working}
        onChange={setLanguage}
        options={[
          { value: 'python', label: 'Python' },
          { value: 'typescript', label: 'TypeScript (Node.js)' },
          { value: 'c', label: 'C (libmosquitto)' },
          { value: 'node-red', label: 'Node-RED' }
        ]}
      />
      {language === 'node-red' && signer === 'device' ? (
        <p className={styles.hint} data-testid="kit-gateway-key">
          The flow reads the private key at <code>{gatewayKeyPath(options)}</code> on the gateway (the private key path in
          your plant profile). <code>./run.sh</code> tries the flow in a local Node-RED first, with the kit&rsquo;s own copy.
        </p>
      ) : null}
      <Choice
        name={`${id}-environment`}
        legend="Environment"
        value={environment}
        disabled={working}
        onChange={setEnvironment}
        options={[
          { value: 'production', label: 'Production (port 8887)' },
          { value: 'local', label: 'Local development (port 8884)' }
        ]}
      />
      {environment === 'local' ? (
        <div className={styles.field}>
          <label className={styles.label} htmlFor={`${id}-ca`}>
            CA file on the device (the local broker prints its path)
          </label>
          <input
            id={`${id}-ca`}
            className={styles.input}
            value={caFile}
            placeholder="/tmp/voke-local-broker-…/tls/ca.crt"
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setCaFile(e.target.value)}
          />
        </div>
      ) : null}
      <Choice
        name={`${id}-signer`}
        legend="Who signs the tokens"
        value={signer}
        disabled={working}
        onChange={setSigner}
        options={[
          { value: 'device', label: 'Option B: this device, with a private key' },
          { value: 'api', label: 'Option A: Voke\u2019s API' }
        ]}
      />
      <Choice
        name={`${id}-key`}
        legend={signer === 'device' ? 'Private key for the kit' : 'Key file for run.sh\u2019s token check'}
        value={source}
        disabled={working}
        onChange={setKeySource}
        options={sources_.filter((s) => s !== 'session' || sessionKey).map((s) => ({ value: s, label: keyLabels[s] }))}
      />
      {source === 'file' ? (
        <KeyInput
          id="starter-kit-key"
          label={signer === 'device' ? 'Private key (jwt-private.pem)' : 'The listener\u2019s key file (jwt-public.der)'}
          hint={
            signer === 'device'
              ? 'The listener\u2019s private key, as Voke\u2019s listener operator gave it to you. Read in this browser only.'
              : 'Read in this browser only.'
          }
          onChange={setKeyInput}
        />
      ) : null}
      {source === 'generate' ? (
        <p className={styles.hint} data-testid="kit-fresh-pair">
          A fresh pair is not the enrolled key: Voke&rsquo;s listener refuses every token it signs. Use it with a{' '}
          <a href="/local-development">local broker</a> that loads its <code>jwt-public.der</code>.
        </p>
      ) : null}

      {signer === 'device' ? (
        <div className={styles.warn} data-testid="kit-key-trust">
          <p style={{ margin: 0 }}>
            <strong>This kit carries a master key.</strong> {ONE_KEY_FOR_THE_LISTENER}
          </p>
          <p style={{ margin: '0.4rem 0 0' }}>{WHAT_FOLLOWS}</p>
        </div>
      ) : (
        <p className={styles.hint}>
          Option A: the kit holds no private key. run.sh reads your session cookie from <code>VOKE_SESSION_COOKIE</code> in
          the environment only; the device only ever holds a short-lived token for its own plant.
        </p>
      )}
      {warning ? <p className={styles.warn}>{warning}</p> : null}

      <div className={styles.row} style={{ marginTop: '0.75rem' }}>
        <button
          type="button"
          className={styles.button}
          onClick={build}
          disabled={working || problem !== null}
          aria-describedby={problem ? `${id}-why` : undefined}
        >
          {working ? 'Building…' : `Build and download ${kitName(options)}.zip`}
        </button>
      </div>
      {problem ? (
        <p className={styles.hint} id={`${id}-why`} data-testid="kit-disabled-reason">
          {problem.message} {problem.fix}
        </p>
      ) : null}

      <div aria-live="polite" role="status" data-testid="kit-status" data-phase={state.phase}>
        {state.phase === 'working' ? <p className={styles.neutral}>Building the kit…</p> : null}
        {state.phase === 'refused' ? (
          <p className={styles.bad}>
            No kit: {state.message} <span>{state.fix}</span>
          </p>
        ) : null}
        {state.phase === 'done' ? (
          <p className={styles.ok}>
            {state.built.zipName} ready in {(state.built.ms / 1000).toFixed(2)} s ({state.built.fileCount} files,{' '}
            {Math.round(state.built.zip.length / 1024)} KiB). Unzip it, then follow its README: copy the
            folder to the device, run ./run.sh.
          </p>
        ) : null}
      </div>
      {state.phase === 'done' ? (
        <div className={styles.row} style={{ flexWrap: 'wrap', gap: '0.5rem' }}>
          <DownloadButton fileName={state.built.zipName} content={state.built.zip} type="application/zip" />
          {state.built.publicDer ? <DownloadButton fileName="jwt-public.der" content={state.built.publicDer} /> : null}
          {state.built.sha256Line ? (
            <DownloadButton fileName="jwt-public.der.sha256" content={state.built.sha256Line + '\n'} type="text/plain" />
          ) : null}
        </div>
      ) : null}
    </WidgetCard>
  )
}
