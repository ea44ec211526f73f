// settings.env: the kit's settings as NAME=value lines, read by run.sh (and by the PowerShell
// steps in the README). The names are the example programs' own environment variables, so a
// variable set in the environment wins over the file, e.g. VOKE_MQTT_HOST=127.0.0.1 ./run.sh.
import { KIT_ENVIRONMENTS, type KitOptions } from './kit-options'

/** Settings that must never be written to a file: run.sh refuses to read them from one. */
export const SECRET_SETTINGS = ['VOKE_SESSION_COOKIE', 'VOKE_TOKEN'] as const

export const KIT_API_URL = 'https://api.voke.lovinka.com'

export interface KitSetting {
  name: string
  value: string
  note: string
}

export function kitSettings(options: KitOptions, hasKeyFile: boolean): KitSetting[] {
  const env = KIT_ENVIRONMENTS[options.environment]
  const settings: KitSetting[] = [
    { name: 'VOKE_PLANT_ID', value: options.plantId.trim(), note: 'the MQTT username and the token\u2019s sub' },
    { name: 'VOKE_MQTT_HOST', value: env.host, note: options.environment === 'local' ? 'the local development broker' : 'Voke\u2019s JWT listener' },
    { name: 'VOKE_MQTT_PORT', value: env.port, note: options.environment === 'local' ? 'local development' : 'production' }
  ]
  if (options.environment === 'local')
    settings.push({ name: 'VOKE_CA_FILE', value: options.caFile!.trim(), note: 'the local broker\u2019s CA certificate' })
  if (options.signer === 'device')
    settings.push({ name: 'VOKE_PRIVATE_KEY', value: 'jwt-private.pem', note: 'signs the tokens (Option B); relative to this folder' })
  else settings.push({ name: 'VOKE_API_URL', value: KIT_API_URL, note: 'issues the tokens (Option A)' })
  if (hasKeyFile)
    settings.push({ name: 'VOKE_KEY_FILE', value: 'jwt-public.der', note: 'the key file run.sh checks each first token against' })
  return settings
}

export function settingsFileText(options: KitOptions, hasKeyFile: boolean): string {
  const lines = [
    '# Settings for run.sh and the program, one NAME=value per line, no quotes.',
    '# A variable already set in the environment wins over its line here, e.g.',
    '#   VOKE_MQTT_HOST=127.0.0.1 VOKE_MQTT_PORT=8884 ./run.sh',
    '# Never put a secret here: VOKE_SESSION_COOKIE and VOKE_TOKEN come from the environment only.'
  ]
  if (options.language === 'node-red')
    lines.push('# Node-RED: these are for run.sh\u2019s local first test; flow.json has the same values built in.')
  if (options.environment === 'production') lines.push('# VOKE_CA_FILE is not set: the system\u2019s trusted CAs check the broker\u2019s certificate.')
  for (const s of kitSettings(options, hasKeyFile)) lines.push(`# ${s.note}`, `${s.name}=${s.value}`)
  return lines.join('\n') + '\n'
}

/** Reads settings.env back as run.sh does (tests use it to prove the file says what the kit means). */
export function parseSettingsFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue
    const at = line.indexOf('=')
    out[line.slice(0, at)] = line.slice(at + 1)
  }
  return out
}
