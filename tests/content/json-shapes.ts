// The documented shapes a ```json block on the site may claim with shape='…'. Each says what a
// value must be, in words the failure message can repeat.
export type ShapeCheck = (value: unknown) => string[]

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

function exactKeys(value: unknown, required: string[], optional: string[] = []): string[] {
  if (!isObject(value)) return ['must be a JSON object']
  const problems = required.filter((k) => !(k in value)).map((k) => `has no "${k}"`)
  for (const k of Object.keys(value)) if (![...required, ...optional].includes(k)) problems.push(`has "${k}", which the documented shape does not`)
  return problems
}

// A JWT, or one elided for the page as "eyJ..." (every JWT's JSON header starts with eyJ).
const jwtLike = (v: unknown) => typeof v === 'string' && (/^eyJ[\w-]*\.[\w-]+\.[\w-]+$/.test(v) || /^eyJ[\w-]*(\.\.\.|…)$/.test(v))
const integer = (v: unknown) => typeof v === 'number' && Number.isInteger(v)

export const JSON_SHAPES: Record<string, { description: string; check: ShapeCheck }> = {
  'token-response': {
    description: "Voke's token endpoint answer (POST /api/v1/plants/{plantId}/mqtt-token): { token, expiresAt }",
    check: (v) => {
      const problems = exactKeys(v, ['token', 'expiresAt'])
      if (problems.length) return problems
      const o = v as Record<string, unknown>
      if (!jwtLike(o.token)) problems.push('"token" must be a JWT (eyJ….….…) or the elided "eyJ..."')
      if (typeof o.expiresAt !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(o.expiresAt) || Number.isNaN(Date.parse(o.expiresAt)))
        problems.push('"expiresAt" must be an ISO 8601 UTC time such as 2026-04-18T15:00:00.000Z')
      return problems
    }
  },
  'jwt-header': {
    description: 'a token header the broker accepts: { "alg": "RS256" } with optional typ and kid',
    check: (v) => {
      const problems = exactKeys(v, ['alg'], ['typ', 'kid'])
      if (!problems.length && (v as Record<string, unknown>).alg !== 'RS256') problems.push('"alg" must be exactly "RS256"')
      return problems
    }
  },
  'jwt-claims': {
    description: 'token claims: sub (the plant id), iat and exp as whole seconds; aud, iss, jti, publ, subs optional',
    check: (v) => {
      const problems = exactKeys(v, ['sub', 'iat', 'exp'], ['aud', 'iss', 'jti', 'nbf', 'publ', 'subs'])
      if (problems.length) return problems
      const o = v as Record<string, unknown>
      if (typeof o.sub !== 'string') problems.push('"sub" must be a string (the plant id)')
      for (const k of ['iat', 'exp', 'nbf'] as const) if (k in o && !integer(o[k])) problems.push(`"${k}" must be whole seconds since 1970 (an integer)`)
      if (integer(o.iat) && integer(o.exp) && (o.exp as number) <= (o.iat as number)) problems.push('"exp" must be after "iat"')
      return problems
    }
  }
}
