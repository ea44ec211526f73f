'use client'
// <PlantProfile />: the reader enters plant id and environment once; every snippet on every page
// is filled with them. Holds no secrets.
import { SLOT_DEFAULTS, type PlantProfile } from '../../../lib/snippets'
import styles from '../../ui/ui.module.css'
import { savePlantProfile, usePlantProfile } from './profile-store'
import { WidgetCard } from '../../ui/widget-card'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

// Environments from the guide: the production JWT listener and the local development one.
const ENVIRONMENTS = {
  production: { label: 'Production (port 8887)', host: SLOT_DEFAULTS.host, port: '8887' },
  local: { label: 'Local development (port 8884)', host: 'localhost', port: '8884' }
} as const
type Environment = keyof typeof ENVIRONMENTS

function environmentOf(profile: PlantProfile): Environment {
  return profile.port === '8884' ? 'local' : 'production'
}

export default function PlantProfileClient() {
  const id = 'plant-profile'
  const profile = usePlantProfile()
  const environment = environmentOf(profile)
  const update = (patch: Partial<PlantProfile>) => savePlantProfile({ ...profile, ...patch })
  const plantId = profile.plantId.trim()
  const portProblem = profile.port && !/^\d{1,5}$/.test(profile.port) ? 'A port is a number, e.g. 8887.' : null

  return (
    <WidgetCard widget="plant-profile">
      <h3 className={styles.cardTitle} id={`${id}-title`}>
        Your plant profile
      </h3>
      <p className={styles.cardIntro}>
        Fills the code on every page of this guide. Kept in this browser only; it holds no key and no token.
      </p>
      <div className={styles.field}>
        <label className={styles.label} htmlFor={`${id}-plant`}>
          Plant id (the token's sub and the MQTT username)
        </label>
        <input
          id={`${id}-plant`}
          className={styles.input}
          value={profile.plantId}
          placeholder={SLOT_DEFAULTS.plantId}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={`${id}-plant-hint`}
          onChange={(e) => update({ plantId: e.target.value })}
        />
        <span className={styles.hint} id={`${id}-plant-hint`} aria-live="polite">
          {plantId && !UUID.test(plantId)
            ? 'Plant ids are UUIDs (like 3f2b8c1e-5d7a-4e9b-9c1d-2a6f8e4b7c90); check for a typo. The broker compares it exactly, case included.'
            : 'Exactly as Voke shows it: the broker compares it with the token\u2019s sub, case included.'}
        </span>
      </div>
      <div className={styles.field}>
        <label className={styles.label} htmlFor={`${id}-env`}>
          Environment
        </label>
        <select
          id={`${id}-env`}
          className={styles.select}
          value={environment}
          onChange={(e) => {
            const env = ENVIRONMENTS[e.target.value as Environment]
            update({ host: env.host, port: env.port })
          }}
        >
          {Object.entries(ENVIRONMENTS).map(([key, env]) => (
            <option key={key} value={key}>
              {env.label}
            </option>
          ))}
        </select>
      </div>
      <div className={styles.row} style={{ alignItems: 'flex-start' }}>
        <div className={styles.field} style={{ flex: '2 1 12rem' }}>
          <label className={styles.label} htmlFor={`${id}-host`}>
            Broker host
          </label>
          <input
            id={`${id}-host`}
            className={styles.input}
            value={profile.host}
            placeholder={ENVIRONMENTS[environment].host}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => update({ host: e.target.value })}
          />
        </div>
        <div className={styles.field} style={{ flex: '1 1 6rem' }}>
          <label className={styles.label} htmlFor={`${id}-port`}>
            Port
          </label>
          <input
            id={`${id}-port`}
            className={styles.input}
            value={profile.port}
            inputMode="numeric"
            placeholder={ENVIRONMENTS[environment].port}
            aria-invalid={portProblem ? true : undefined}
            aria-describedby={portProblem ? `${id}-port-problem` : undefined}
            onChange={(e) => update({ port: e.target.value.trim() })}
          />
          {portProblem ? (
            <span className={styles.hint} id={`${id}-port-problem`} role="alert">
              {portProblem}
            </span>
          ) : null}
        </div>
      </div>
      <div className={styles.field}>
        <label className={styles.label} htmlFor={`${id}-key`}>
          Private key path on the device
        </label>
        <input
          id={`${id}-key`}
          className={styles.input}
          value={profile.privateKeyPath}
          placeholder={SLOT_DEFAULTS.privateKeyPath}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => update({ privateKeyPath: e.target.value })}
        />
      </div>
    </WidgetCard>
  )
}
