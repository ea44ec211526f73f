// Plans a token lifetime: when a device should make its next token, and how far its clock may
// drift from the broker's before tokens are refused. The broker allows zero leeway on iat, nbf
// and exp (../shared/broker-rules.md), so every second of tolerance has to be planned.
import { CodedError } from '../errors'

export type LifetimeErrorCode = 'LIFETIME_INVALID' | 'BACKDATE_INVALID' | 'REFRESH_FRACTION_INVALID'

export class LifetimeError extends CodedError<LifetimeErrorCode> {}

export type LifetimeWarningCode = 'LIFETIME_OVER_24H' | 'LIFETIME_VERY_SHORT' | 'NO_CLOCK_AHEAD_TOLERANCE'

export interface LifetimeWarning {
  code: LifetimeWarningCode
  message: string
}

export interface LifetimePlanInput {
  /** exp - iat, in seconds (the source text recommends 3600; Voke's endpoint issues at most 86,400). */
  lifetime: number
  /** How many seconds before "now" the device writes iat (exp stays iat + lifetime). Default 0. */
  iatBackdate?: number
  /** Share of the remaining validity after which the device makes the next token. Default 0.8. */
  refreshFraction?: number
}

export interface LifetimePlan {
  lifetime: number
  iatBackdate: number
  /** Seconds from signing until exp, on the device's own clock. */
  validFor: number
  /** Seconds after signing at which to make (or fetch) the next token. */
  refreshAfter: number
  /** Seconds of validity left when the refresh is due. */
  refreshMargin: number
  /** The device clock may be this many seconds AHEAD of the broker's and iat is still accepted. */
  clockAheadTolerance: number
  /** The device clock may be this many seconds BEHIND and a token used up to refreshAfter is still accepted. */
  clockBehindTolerance: number
  warnings: LifetimeWarning[]
}

export const DEFAULT_REFRESH_FRACTION = 0.8
const VOKE_MAX_LIFETIME = 24 * 3600
// Under this a device spends a noticeable share of its time signing and reconnecting.
const VERY_SHORT_LIFETIME = 300

function isWholeSeconds(value: number): boolean {
  return Number.isSafeInteger(value)
}

export function planLifetime(input: LifetimePlanInput): LifetimePlan {
  const { lifetime, iatBackdate = 0, refreshFraction = DEFAULT_REFRESH_FRACTION } = input
  if (!isWholeSeconds(lifetime) || lifetime <= 0)
    throw new LifetimeError(
      'LIFETIME_INVALID',
      `The lifetime ${String(lifetime)} is not a positive whole number of seconds.`,
      'Give the lifetime in whole seconds, e.g. 3600 for one hour.'
    )
  if (!isWholeSeconds(iatBackdate) || iatBackdate < 0 || iatBackdate >= lifetime)
    throw new LifetimeError(
      'BACKDATE_INVALID',
      `Setting iat ${String(iatBackdate)} s in the past does not fit a ${lifetime} s lifetime: it must be whole seconds, at least 0 and less than the lifetime.`,
      'Use a small backdate such as 30 or 60 seconds, well under the lifetime.'
    )
  if (!Number.isFinite(refreshFraction) || refreshFraction <= 0 || refreshFraction >= 1)
    throw new LifetimeError(
      'REFRESH_FRACTION_INVALID',
      `The refresh point ${String(refreshFraction)} must lie strictly between 0 and 1 of the token's validity.`,
      'Refresh at about 0.8 (80 %) of the lifetime.'
    )

  const validFor = lifetime - iatBackdate
  const refreshAfter = Math.floor(validFor * refreshFraction)
  const refreshMargin = validFor - refreshAfter
  const warnings: LifetimeWarning[] = []
  if (lifetime > VOKE_MAX_LIFETIME)
    warnings.push({
      code: 'LIFETIME_OVER_24H',
      message: 'Over 24 hours: longer than Voke\u2019s token endpoint issues. The broker accepts it, but a leaked token stays usable that long.'
    })
  if (lifetime < VERY_SHORT_LIFETIME)
    warnings.push({
      code: 'LIFETIME_VERY_SHORT',
      message: `Under ${VERY_SHORT_LIFETIME / 60} minutes: the device signs and reconnects very often, and a small clock error already exhausts the margin.`
    })
  if (iatBackdate === 0)
    warnings.push({
      code: 'NO_CLOCK_AHEAD_TOLERANCE',
      message: 'iat is the current time: a device clock even 1 second ahead of the broker gets every token refused. Set iat 30\u201360 s in the past.'
    })
  return {
    lifetime,
    iatBackdate,
    validFor,
    refreshAfter,
    refreshMargin,
    // iat = deviceNow - backdate is refused when it is > brokerNow, i.e. when the device is more than `backdate` ahead.
    clockAheadTolerance: iatBackdate,
    // exp must stay > brokerNow (zero leeway) until refreshAfter: deviceBehind < refreshMargin.
    clockBehindTolerance: refreshMargin - 1,
    warnings
  }
}

export interface TokenRefresh {
  /** NumericDate at which to make the next token. */
  refreshAt: number
  /** Seconds from now until then; 0 when it is already due. */
  refreshIn: number
  /** True once exp <= now: the broker refuses the token. */
  expired: boolean
}

/**
 * When a concrete token should be replaced: at refreshFraction of the way from iat (or, without
 * iat, from now) to exp. Returns null for a token without exp, which never expires.
 */
export function refreshForToken(
  claims: { iat?: number; exp?: number },
  now: number,
  refreshFraction = DEFAULT_REFRESH_FRACTION
): TokenRefresh | null {
  if (claims.exp === undefined) return null
  const from = claims.iat !== undefined && claims.iat < claims.exp ? claims.iat : Math.min(now, claims.exp)
  const refreshAt = from + Math.floor((claims.exp - from) * refreshFraction)
  return { refreshAt, refreshIn: Math.max(0, refreshAt - now), expired: claims.exp <= now }
}
