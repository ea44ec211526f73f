// A seeded generator of broker test tokens from a grammar of its own (not the case table's
// recipes): a valid token for the plant, then one to four faults drawn from header members and
// claims of every JSON type, numbers in every lexical form, dates at and past every edge (the
// broker's clock, i64, chrono's range), JSON syntax, base64url, signatures, passwords and
// usernames. Each token says which faults it carries, for grouping disagreements.
import { createHmac, createSign, type KeyObject } from 'node:crypto'

export const PLANT = '3f2b8c1e-5d7a-4e9b-9c1d-2a6f8e4b7c90'
const CHRONO_MAX = 8_210_298_412_799
const CHRONO_MIN = -8_334_632_851_200

/** mulberry32: small, fast and the same on every machine for a given seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface GeneratedToken {
  index: number
  protocol: '3.1.1' | '5'
  /** undefined: the CONNECT carries no username at all (MQTT 5 only). */
  username: string | undefined
  password: Uint8Array | undefined
  faults: string[]
}

type Member = [name: string, valueText: string]

interface Draft {
  header: Member[]
  claims: Member[]
  headerText?: string
  payloadText?: string
  headerBytes?: Uint8Array
  payloadBytes?: Uint8Array
  sign: 'main' | 'other' | 'hs256' | 'none' | 'truncated'
  password: ((token: string) => Uint8Array) | null
  username: string | undefined
  faults: string[]
}

export interface GrammarKeys {
  main: KeyObject
  other: KeyObject
  /** Public keys as JWK objects (RSA, EC, OKP, oct), for the header's jwk member. */
  jwks: Record<string, Record<string, string>>
}

export class TokenGrammar {
  private readonly r: () => number
  constructor(
    seed: number,
    private readonly keys: GrammarKeys,
    private readonly now: () => number
  ) {
    this.r = seededRandom(seed)
  }

  private int(n: number): number {
    return Math.floor(this.r() * n)
  }
  private pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!
  }

  /** A date lexeme relative to the clock, kept clear of the one-second race at now. */
  private date(): [string, string] {
    const now = this.now()
    const forms: [string, () => string][] = [
      ['past', () => String(now - 10 - this.int(100000))],
      ['future', () => String(now + 10 + this.int(100000))],
      ['far-future', () => String(now + 10 ** (6 + this.int(6)))],
      ['zero', () => '0'],
      ['negative', () => String(-1 - this.int(10 ** 9))],
      ['chrono-max', () => String(CHRONO_MAX)],
      ['chrono-max+1', () => String(CHRONO_MAX + 1)],
      ['chrono-min', () => String(CHRONO_MIN)],
      ['chrono-min-1', () => String(CHRONO_MIN - 1)],
      ['milliseconds', () => String((now + 3600) * 1000)],
      ['microseconds', () => String((now + 3600) * 1_000_000)],
      ['i64-max', () => '9223372036854775807'],
      ['i64-max+1', () => '9223372036854775808'],
      ['i64-min', () => '-9223372036854775808'],
      ['i64-min-1', () => '-9223372036854775809'],
      ['u64-max', () => '18446744073709551615'],
      ['u64-max+1', () => '18446744073709551616'],
      ['float', () => `${now + 3600}.${this.int(10)}`],
      ['float-zero', () => `${now + 3600}.0`],
      ['minus-zero', () => this.pick(['-0', '-0.0', '-0e0'])],
      ['exponent', () => this.pick(['2e9', '2E9', '1.7e9', '2e+9', '17e8', '1e-3', '5E-1', '0e0', '-1e2', '1e308', '1e-400', '1.5e300'])],
      ['huge', () => this.pick(['99999999999999999999', '1' + '0'.repeat(25), '-' + '9'.repeat(30), '1' + '0'.repeat(310) + '.5'])]
    ]
    // Dates past chrono's range crash the broker, and each restart costs time: drawn less often.
    const crashing = ['chrono-max+1', 'chrono-min-1', 'microseconds', 'i64-max', 'i64-min']
    const wantCrash = this.r() < 0.1
    const [name, make] = this.pick(forms.filter(([n]) => crashing.includes(n) === wantCrash))
    return [name, make()]
  }

  /** A JSON value of any type, as text. */
  private anyValue(): [string, string] {
    const forms: [string, () => string][] = [
      ['null', () => 'null'],
      ['true', () => 'true'],
      ['false', () => 'false'],
      ['integer', () => String(this.int(1000) - 500)],
      ['number', () => this.date()[1]],
      ['string', () => JSON.stringify(this.pick(['x', '', 'RS256', 'a"b', 'tab\there', 'é', '\u200b', 'cpi/#', 'line\nbreak', 'e\u0301', '\u0301e', '\u00a0', '\u0085x', 'a\u007fb', '\u{1f600}', '\u{e0041}', "it's", 'back\\slash']))],
      ['escaped-string', () => this.pick(['"\\u00e9"', '"\\/x"', '"\\ud83d\\ude00"', '"\\u0001"', '"a\\\\b"'])],
      ['array', () => this.pick(['[]', '["a"]', '[1,2]', '["a",null]', '[["x"]]', '[true]'])],
      ['object', () => this.pick(['{}', '{"a":1}', '{"kty":"RSA"}', '{"kid":7}', '{"x":{"y":[]}}'])]
    ]
    const [name, make] = this.pick(forms)
    return [name, make()]
  }

  /** A JWK as a header's jwk member: a real public key of each type, or one broken in one place. */
  private jwk(): [string, string] {
    const type = this.pick(Object.keys(this.keys.jwks))
    const key: Record<string, unknown> = { ...this.keys.jwks[type] }
    const first = Object.keys(key).find((k) => k !== 'kty' && k !== 'crv')!
    const forms: [string, () => void][] = [
      ['valid', () => {}],
      ['with use, kid, alg', () => Object.assign(key, { use: 'sig', kid: 'k1', alg: this.pick(['RS256', 'ES256', 'RSA-OAEP', 'A128GCM', 'dir']) })],
      ['with key_ops', () => Object.assign(key, { key_ops: this.pick([['verify'], ['sign', 'x'], ['sign', 1], 'verify']) })],
      ['unknown alg', () => Object.assign(key, { alg: this.pick(['XYZ', 'rs256', 7]) })],
      ['use not a string', () => Object.assign(key, { use: this.pick([7, null, ['sig']]) })],
      ['kty lower case', () => Object.assign(key, { kty: String(key.kty).toLowerCase() })],
      ['kty missing', () => delete key.kty],
      ['member missing', () => delete key[first]],
      ['member padded', () => Object.assign(key, { [first]: `${key[first]}=` })],
      ['member not a string', () => Object.assign(key, { [first]: 65537 })],
      ['member null', () => Object.assign(key, { [first]: null })],
      ['bad curve', () => Object.assign(key, { crv: 'P-257' })],
      ['extra member', () => Object.assign(key, { ext: true, foo: [1] })],
      ['private part', () => Object.assign(key, { d: this.pick(['AQAB', 'AQA', '!!', 7]) })],
      ['oth', () => Object.assign(key, { oth: this.pick([[], [{ r: 'AQAB', d: 'AQAB', t: 'AQAB' }], [{ r: 'AQAB' }], 'x']) })]
    ]
    const [form, apply] = this.pick(forms)
    apply()
    const text = JSON.stringify(key)
    // A member twice cannot be written through an object: splice it into the text.
    if (this.r() < 0.05) return [`${type} ${form} + kty twice`, text.replace(/}$/, `,"kty":${JSON.stringify(key.kty ?? 'RSA')}}`)]
    return [`${type} ${form}`, text]
  }

  private topicFilter(): string {
    return this.pick(['cpi/#', '#', '+', 'a/+/b', 'a/#/b', '#/x', 'a+/b', 'a/b#', '+x/y', 'x/#y', '/', '', 'a//b', 'cpi/+/#', 'a/b/#/', '##'])
  }

  private set(members: Member[], name: string, value: string, mode: 'replace' | 'append' = 'replace') {
    const at = members.findIndex((m) => m[0] === name)
    if (at >= 0 && mode === 'replace') members[at] = [name, value]
    else members.push([name, value])
  }

  private faultFor(d: Draft): void {
    const now = this.now()
    const kind = this.int(23)
    const note = (s: string): void => {
      d.faults.push(s)
    }
    switch (kind) {
      case 0: {
        const name = this.pick(['typ', 'cty', 'kid', 'jku', 'x5u', 'x5t', 'x5c', 'crit', 'jwk', 'alg', 'foo'])
        const [vk, v] = this.anyValue()
        this.set(d.header, name, v, this.r() < 0.8 ? 'replace' : 'append')
        return note(`header ${name}: ${vk}`)
      }
      case 1: {
        const alg = this.pick(['HS256', 'RS384', 'none', 'rs256', 'RS256 ', '', 'ES256', 'PS512', 'XYZ'])
        this.set(d.header, 'alg', JSON.stringify(alg))
        return note(`header alg "${alg}"`)
      }
      case 2: {
        const name = this.pick(['exp', 'nbf', 'iat'])
        const [dk, v] = this.date()
        this.set(d.claims, name, v)
        return note(`${name}: ${dk}`)
      }
      case 3: {
        const name = this.pick(['exp', 'nbf', 'iat'])
        const [dk, v] = this.date()
        this.set(d.claims, name, v)
        return note(`${name}: ${dk}`)
      }
      case 4: {
        const name = this.pick(['sub', 'iss', 'aud', 'jti', 'exp', 'nbf', 'iat', 'publ', 'subs', 'other'])
        const [vk, v] = this.anyValue()
        this.set(d.claims, name, v, this.r() < 0.8 ? 'replace' : 'append')
        return note(`claim ${name}: ${vk}`)
      }
      case 5: {
        const name = this.pick(['publ', 'subs'])
        const filters = Array.from({ length: 1 + this.int(3) }, () => this.topicFilter())
        this.set(d.claims, name, JSON.stringify(filters))
        return note(`${name}: topic filters`)
      }
      case 6:
        d.claims = d.claims.filter((m) => m[0] !== 'sub')
        return note('no sub')
      case 7: {
        const sub = this.pick([PLANT.toUpperCase(), `${PLANT} `, 'another-plant', '', 'é', 'a"b', 'line\nbreak', 'e\u0301', '\u0000x', 'tab\t'])
        this.set(d.claims, 'sub', JSON.stringify(sub))
        return note('sub differs')
      }
      case 8:
        d.username = this.pick(['', undefined, 'another-plant', PLANT.toUpperCase()])
        return note(`username ${d.username === undefined ? 'absent' : d.username === '' ? 'empty' : 'differs'}`)
      case 9: {
        const which = this.pick(['header', 'payload'] as const)
        const members = which === 'header' ? d.header : d.claims
        const text = serialise(members)
        const broken = this.syntaxFault(text)
        if (which === 'header') d.headerText = broken[1]
        else d.payloadText = broken[1]
        return note(`${which} syntax: ${broken[0]}`)
      }
      case 10: {
        const which = this.pick(['header', 'payload'] as const)
        const top = this.pick(['[]', '"x"', '7', '-1.5', 'null', 'true', '', '  ', '[{"alg":"RS256"}]'])
        if (which === 'header') d.headerText = top
        else d.payloadText = top
        return note(`${which} not an object`)
      }
      case 11: {
        const which = this.pick(['header', 'payload'] as const)
        const bytes = Buffer.from(serialise(which === 'header' ? d.header : d.claims))
        const at = 1 + this.int(bytes.length - 2)
        const junk = this.pick([[0xff], [0xc3], [0xe2, 0x82], [0xef, 0xbb, 0xbf], [0xed, 0xa0, 0x80]])
        const mangled = Uint8Array.from([...bytes.subarray(0, at), ...junk, ...bytes.subarray(at)])
        if (which === 'header') d.headerBytes = mangled
        else d.payloadBytes = mangled
        return note(`${which} bytes not UTF-8`)
      }
      case 12:
        d.sign = this.pick(['other', 'hs256', 'none', 'truncated'] as const)
        return note(`signature ${d.sign}`)
      case 13: {
        const f = this.pick(['padding', 'std-alphabet', 'space', 'newline', 'cut', 'bad-char', 'bom', 'bearer', 'two-parts', 'four-parts', 'empty-part'])
        d.password = (t) => Buffer.from(mangle(t, f, this.int(1000)))
        return note(`encoding ${f}`)
      }
      case 14: {
        const f = this.pick(['empty', 'empty', 'nul', 'nul', 'non-utf8'])
        d.password = (t) => (f === 'empty' ? new Uint8Array() : f === 'nul' ? Buffer.from(`${t.slice(0, 20)}\u0000${t.slice(20)}`) : Uint8Array.from([...Buffer.from(t.slice(0, 10)), 0xff, ...Buffer.from(t.slice(10))]))
        return note(`password ${f}`)
      }
      case 15: {
        const which = this.pick(['header', 'payload'] as const)
        const members = which === 'header' ? d.header : d.claims
        const m = this.pick(members)
        if (m) members.push([m[0], m[1]])
        return note(`${which} duplicate ${m?.[0]}`)
      }
      case 16:
        d.header = d.header.filter((m) => m[0] !== 'alg')
        return note('no alg')
      case 17: {
        this.set(d.claims, 'exp', String(now - 10 - this.int(5000)))
        return note('expired')
      }
      case 18: {
        const name = this.pick(['nbf', 'iat'])
        this.set(d.claims, name, String(now + 10 + this.int(5000)))
        return note(`${name} in future`)
      }
      case 19: {
        d.claims = d.claims.filter((m) => m[0] !== 'exp')
        return note('no exp')
      }
      case 20: {
        const which = this.pick(['header', 'payload'] as const)
        const text = serialise(which === 'header' ? d.header : d.claims, this.pick([' ', '\n', '\t', '\r\n  ']))
        if (which === 'header') d.headerText = text
        else d.payloadText = text
        return note(`${which} whitespace`)
      }
      case 22: {
        const [form, jwk] = this.jwk()
        this.set(d.header, 'jwk', jwk)
        return note(`header jwk: ${form}`)
      }
      default: {
        const name = this.pick(['aud', 'iss', 'jti'])
        this.set(d.claims, name, this.pick(['"voke"', '["a","b"]', '[]', '["a",1]', '{"a":"b"}', '7']))
        return note(`claim ${name}`)
      }
    }
  }

  private syntaxFault(text: string): [string, string] {
    const faults: [string, (t: string) => string][] = [
      ['trailing comma', (t) => t.replace(/}$/, ',}')],
      ['truncated', (t) => t.slice(0, 1 + this.int(t.length - 1))],
      ['trailing characters', (t) => t + this.pick(['x', ' }', '\n1', '{}', ','])],
      ['missing colon', (t) => t.replace('":', '" ')],
      ['unquoted key', (t) => t.replace(/^\{"([a-z]+)"/, '{$1')],
      ['single quotes', (t) => t.replace(/"/g, "'")],
      ['leading zero', (t) => t.replace(/:(\d)/, ':0$1')],
      ['bare dot', (t) => t.replace(/:(\d+)/, ':$1.')],
      ['bad escape', (t) => t.replace(/"([^"]*)"/, '"$1\\x"')],
      ['lone surrogate', (t) => t.replace(/"([^"]*)"/, this.pick(['"$1\\udc00"', '"$1\\ud800x"', '"$1\\ud800\\u0041"', '"$1\\ud800\\n"']))],
      ['control character', (t) => t.replace(/"([^"]*)"/, '"$1\u0001"')],
      ['bom', (t) => `\ufeff${t}`],
      ['deep nesting', (t) => t.replace(/}$/, `,"deep":${'['.repeat(130)}${']'.repeat(130)}}`)],
      ['number out of range', (t) => t.replace(/}$/, ',"big":1e400}')],
      ['comment', (t) => t.replace('{', '{/*c*/')],
      ['bad literal', (t) => t.replace(/}$/, `,"x":${this.pick(['nul', 'tru', 'NaN', 'Infinity', '-', '.5', '+1', '1e', '1e+'])}}`)],
      ['double comma', (t) => t.replace(',', ',,')]
    ]
    const [name, f] = this.pick(faults)
    return [name, f(text)]
  }

  next(index: number): GeneratedToken {
    const now = this.now()
    const d: Draft = {
      header: [
        ['alg', '"RS256"'],
        ['typ', '"JWT"']
      ],
      claims: [
        ['sub', JSON.stringify(PLANT)],
        ['iat', String(now - 5)],
        ['exp', String(now + 3600)]
      ],
      sign: 'main',
      password: null,
      username: PLANT,
      faults: []
    }
    if (this.r() < 0.3) this.set(d.claims, 'publ', JSON.stringify([`cpi/${PLANT}/#`]))
    const count = this.r() < 0.08 ? 0 : 1 + this.int(4)
    for (let k = 0; k < count; k++) this.faultFor(d)
    const protocol = index % 2 === 0 ? '3.1.1' : '5'
    // MQTT 3.1.1 forbids a password without a username: send an empty one there instead.
    const username = d.username === undefined && protocol === '3.1.1' ? '' : d.username
    const headerBytes = d.headerBytes ?? Buffer.from(d.headerText ?? serialise(d.header))
    const payloadBytes = d.payloadBytes ?? Buffer.from(d.payloadText ?? serialise(d.claims))
    const input = `${Buffer.from(headerBytes).toString('base64url')}.${Buffer.from(payloadBytes).toString('base64url')}`
    const token = `${input}.${this.signature(input, d.sign)}`
    return { index, protocol, username, password: d.password ? d.password(token) : Buffer.from(token), faults: d.faults.length ? d.faults : ['none'] }
  }

  private signature(input: string, how: Draft['sign']): string {
    if (how === 'none') return ''
    if (how === 'hs256') return createHmac('sha256', 'a-shared-secret').update(input).digest('base64url')
    const sig = createSign('RSA-SHA256')
      .update(input)
      .sign(how === 'other' ? this.keys.other : this.keys.main)
      .toString('base64url')
    return how === 'truncated' ? sig.slice(0, sig.length - 4) : sig
  }
}

function serialise(members: Member[], space = ''): string {
  return `{${space}${members.map(([k, v]) => `${JSON.stringify(k)}:${space}${v}`).join(`,${space}`)}${space}}`
}

function mangle(t: string, how: string, n: number): string {
  const parts = t.split('.')
  const at = n % Math.max(1, t.length)
  switch (how) {
    case 'padding':
      return `${t}${'='.repeat(1 + (n % 2))}`
    case 'std-alphabet':
      return t.replace(/-/g, '+').replace(/_/g, '/')
    case 'space':
      return `${t.slice(0, at)} ${t.slice(at)}`
    case 'newline':
      return `${t}\n`
    case 'cut':
      return t.slice(0, t.length - 1 - (n % 3))
    case 'bad-char':
      return `${t.slice(0, at)}${['!', '~', 'é', '\u00a0', '*'][n % 5]}${t.slice(at + 1)}`
    case 'bom':
      return `\ufeff${t}`
    case 'bearer':
      return `Bearer ${t}`
    case 'two-parts':
      return `${parts[0]}.${parts[1]}`
    case 'four-parts':
      return `${t}.${parts[2]}`
    default:
      return `${parts[0]}..${parts[2]}`
  }
}
