// NumericDate claims (seconds since 1970) as people read them: ISO, local time, and relative.

export interface ReadableTime {
  iso: string
  local: string
  relative: string
}

function span(seconds: number): string {
  const s = Math.abs(seconds)
  if (s < 60) return `${Math.round(s)} s`
  if (s < 3600) return `${Math.round(s / 60)} min`
  if (s < 86400 * 2) return `${(s / 3600).toFixed(s < 36000 ? 1 : 0).replace(/\.0$/, '')} h`
  return `${Math.round(s / 86400)} days`
}

/** "in 42 min", "3 h ago", "now". */
export function relativeTime(seconds: number, now: number): string {
  const delta = seconds - now
  if (delta === 0) return 'now'
  return delta > 0 ? `in ${span(delta)}` : `${span(delta)} ago`
}

export function readableTime(seconds: number, now: number, timeZone?: string): ReadableTime | null {
  const date = new Date(seconds * 1000)
  if (!Number.isFinite(seconds) || Number.isNaN(date.getTime())) return null
  return {
    iso: date.toISOString(),
    local: date.toLocaleString('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'medium' }),
    relative: relativeTime(seconds, now)
  }
}

/** What an exp claim means right now: "expires in 42 min" or "expired 3 h ago". */
export function expiryPhrase(exp: number, now: number): string {
  return exp > now ? `expires ${relativeTime(exp, now)}` : `expired ${relativeTime(exp, now)}`
}

/**
 * The broker plugin turns every exp, nbf and iat into a chrono 0.4.23 date with
 * NaiveDateTime::from_timestamp, which panics outside chrono's dates: years -262144 to 262143
 * (i32::MIN >> 13 to i32::MAX >> 13). So the last valid second is 262143-12-31T23:59:59Z and the
 * first is -262144-01-01T00:00:00Z, counted with the proleptic Gregorian calendar (146,097 days
 * per 400 years); tests cross-check both with JavaScript's Date. Beyond them the broker crashes.
 */
export const CHRONO_MAX_TIMESTAMP = 8_210_298_412_799
export const CHRONO_MIN_TIMESTAMP = -8_334_632_851_200

export function inChronoRange(seconds: bigint | number): boolean {
  const s = BigInt(seconds)
  return s >= BigInt(CHRONO_MIN_TIMESTAMP) && s <= BigInt(CHRONO_MAX_TIMESTAMP)
}
