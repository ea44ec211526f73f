// What the reader chose for a starter kit, and whether a kit can be built from it. Holds no
// secret: the key travels separately (KitKey), and only into the zip.
import { CodedError } from '../errors'
import { SLOT_DEFAULTS } from '../snippets'

export type KitLanguage = 'python' | 'typescript' | 'c' | 'node-red'

/** The stacks whose program cannot ask Voke's API for a token: they sign their own, or take one VOKE_TOKEN they cannot renew. */
const SIGNS_ITS_OWN_TOKENS_ONLY: Partial<Record<KitLanguage, string>> = {
  c: 'The C program',
  'node-red': 'The Node-RED flow'
}
/** production: Voke's JWT listener on 8887; local: the local development broker on 8884 with its CA file. */
export type KitEnvironment = 'production' | 'local'
/** device = Option B (the device signs with the private key); api = Option A (Voke's API issues tokens). */
export type KitSigner = 'device' | 'api'

export interface KitOptions {
  language: KitLanguage
  environment: KitEnvironment
  signer: KitSigner
  plantId: string
  /** Local development only: the CA certificate path on the device (the local broker prints it). */
  caFile?: string
  /**
   * Node-RED, Option B: where the flow reads jwt-private.pem on the gateway (the plant profile's
   * private key path). Node-RED runs from its own folder, so the path must be absolute.
   */
  gatewayKeyPath?: string
}

export const KIT_ENVIRONMENTS = {
  production: { host: SLOT_DEFAULTS.host, port: '8887' },
  local: { host: 'localhost', port: '8884' }
} as const satisfies Record<KitEnvironment, { host: string; port: string }>

export type KitProblemCode =
  | 'KIT_NO_PLANT_ID'
  | 'KIT_PLANT_ID_UNSAFE'
  | 'KIT_NO_CA_FILE'
  | 'KIT_CA_FILE_UNSAFE'
  | 'KIT_NO_PRIVATE_KEY'
  | 'KIT_OPTION_A_UNSUPPORTED'
  | 'KIT_KEY_PATH_NOT_ABSOLUTE'

export class KitError extends CodedError<KitProblemCode> {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// The plant id goes into settings.env (one line, read by run.sh and PowerShell) and into string
// literals: quotes, '$', backslashes, spaces and control characters would change their meaning.
const UNSAFE_PLANT_ID = /[\s"'`$\\\u0000-\u001f\u007f]/
const UNSAFE_PATH = /[\n\r\u0000]/

/** Why no kit can be built from these options (null: it can), as a sentence with the fix. */
export function kitProblem(options: KitOptions): KitError | null {
  const plantId = options.plantId.trim()
  if (!plantId)
    return new KitError('KIT_NO_PLANT_ID', 'No plant id yet.', 'Enter your plant id in the plant profile above: it becomes the MQTT username and the token\u2019s sub.')
  if (UNSAFE_PLANT_ID.test(plantId))
    return new KitError(
      'KIT_PLANT_ID_UNSAFE',
      'The plant id contains a space, a quote, a backslash, a "$" or a control character.',
      'Copy the plant id from Voke again: plant ids are UUIDs such as 3f2b8c1e-5d7a-4e9b-9c1d-2a6f8e4b7c90.'
    )
  const ownTokensOnly = SIGNS_ITS_OWN_TOKENS_ONLY[options.language]
  if (options.signer === 'api' && ownTokensOnly)
    return new KitError(
      'KIT_OPTION_A_UNSUPPORTED',
      `${ownTokensOnly} does not call Voke\u2019s token API: it signs its own tokens (Option B), or takes one token in VOKE_TOKEN that it cannot renew, so an Option A device would go offline when that token expires.`,
      'Choose Option B for this stack, or Python or TypeScript for Option A.'
    )
  if (options.language === 'node-red' && options.signer === 'device') {
    const path = gatewayKeyPath(options)
    if (!path.startsWith('/') || UNSAFE_PATH.test(path))
      return new KitError(
        'KIT_KEY_PATH_NOT_ABSOLUTE',
        `The flow reads the private key from "${path}", which is not an absolute path on one line: Node-RED runs from its own folder.`,
        `Set the private key path in the plant profile to where the key will be on the gateway, e.g. ${SLOT_DEFAULTS.privateKeyPath}.`
      )
  }
  if (options.environment === 'local') {
    const ca = options.caFile?.trim() ?? ''
    if (!ca)
      return new KitError('KIT_NO_CA_FILE', 'Local development needs the local broker\u2019s CA file.', 'Enter the path of ca.crt that `npm run broker` printed, as the device will see it.')
    if (UNSAFE_PATH.test(ca)) return new KitError('KIT_CA_FILE_UNSAFE', 'The CA file path contains a line break.', 'Enter the path on one line.')
  }
  return null
}

/** Node-RED, Option B: where the flow reads the key on the gateway (the guide's default when unset). */
export function gatewayKeyPath(options: Pick<KitOptions, 'gatewayKeyPath'>): string {
  return options.gatewayKeyPath?.trim() || SLOT_DEFAULTS.privateKeyPath
}

/** A warning that still allows a kit: a plant id that is not a UUID is most likely a typo. */
export function kitWarning(options: KitOptions): string | null {
  const plantId = options.plantId.trim()
  if (plantId && !UUID.test(plantId))
    return `"${plantId}" is not a UUID, and Voke's plant ids are (like 3f2b8c1e-5d7a-4e9b-9c1d-2a6f8e4b7c90). The broker compares it exactly, case included: check for a typo.`
  return null
}

/** voke-plant-<first 8 letters or digits of the plant id>-<language>: the zip's and its folder's name. */
export function kitName(options: Pick<KitOptions, 'plantId' | 'language'>): string {
  const short = options.plantId.trim().toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 8) || 'plant'
  return `voke-plant-${short}-${options.language}`
}
