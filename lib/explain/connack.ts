// CONNACK codes in any form a reader may paste: "5", "135", "0x87", "rc=5", "reason code 135",
// "Not authorized". Meanings are the MQTT 3.1.1 (§3.2.2.3) and MQTT 5 (§3.2.2.2) tables; only 5 and
// 135 come from Voke's JWT listener for a refused token (broker-rules.md, "What the client sees").
import { ASK_FOR_BROKER_LINE, NOT_AUTHORISED_CAUSES, type CauseCode } from './causes'

export interface ConnackMeaning {
  code: number
  protocol: '3.1.1' | '5'
  name: string
  meaning: string
  causes: readonly CauseCode[]
  next: string
}

const NOT_FROM_JWT = 'Voke\u2019s JWT listener answers every token problem with 5 (MQTT 3.1.1) or 135 (MQTT 5), so this code comes from something else.'
const OTHER_NEXT = 'Paste the client\u2019s whole output and the host and port it connects to.'

function refusedToken(code: number, protocol: '3.1.1' | '5', name: string): ConnackMeaning {
  return {
    code,
    protocol,
    name,
    meaning: `CONNACK ${code} (${protocol === '5' ? `MQTT 5 reason code, 0x${code.toString(16)}` : 'MQTT 3.1.1 return code'}): the broker refused the token. The CONNACK is the same for every cause; it never says which check failed.`,
    causes: NOT_AUTHORISED_CAUSES,
    next: ASK_FOR_BROKER_LINE
  }
}

function other(code: number, protocol: '3.1.1' | '5', name: string, meaning: string, causes: readonly CauseCode[] = ['NOT_THE_JWT_LISTENER']): ConnackMeaning {
  return { code, protocol, name, meaning: `CONNACK ${code} (${name}): ${meaning}`, causes, next: OTHER_NEXT }
}

const MQTT311: Record<number, ConnackMeaning> = {
  0: { code: 0, protocol: '3.1.1', name: 'Connection Accepted', meaning: 'CONNACK 0: the broker accepted the connection; the token is fine.', causes: ['ACL_DENIED'], next: 'If messages still do not arrive, the topic is the usual cause: paste the topic you publish to.' },
  1: other(1, '3.1.1', 'unacceptable protocol version', `the broker does not speak the MQTT version the client asked for. ${NOT_FROM_JWT}`),
  2: other(2, '3.1.1', 'identifier rejected', `the broker refused the client id (for example an empty client id with a persistent session). ${NOT_FROM_JWT}`, []),
  3: other(3, '3.1.1', 'server unavailable', `the MQTT service is not available right now. ${NOT_FROM_JWT}`),
  4: other(4, '3.1.1', 'bad user name or password', `the user name or password is malformed. ${NOT_FROM_JWT}`),
  5: refusedToken(5, '3.1.1', 'not authorized')
}

const MQTT5: Record<number, ConnackMeaning> = {
  128: other(128, '5', 'Unspecified error', 'the broker refused without saying why.'),
  129: other(129, '5', 'Malformed Packet', 'the broker could not parse the CONNECT packet.', []),
  130: other(130, '5', 'Protocol Error', 'the CONNECT broke an MQTT rule.', []),
  131: other(131, '5', 'Implementation specific error', 'the broker refused for a reason of its own.'),
  132: other(132, '5', 'Unsupported Protocol Version', 'the broker does not speak the MQTT version the client asked for.'),
  133: other(133, '5', 'Client Identifier not valid', 'the broker refused the client id.', []),
  134: other(134, '5', 'Bad User Name or Password', `the broker did not accept the user name or password. ${NOT_FROM_JWT}`),
  135: refusedToken(135, '5', 'Not authorized'),
  136: other(136, '5', 'Server unavailable', 'the MQTT service is not available right now.'),
  137: other(137, '5', 'Server busy', 'the broker is busy; try again later.', []),
  138: other(138, '5', 'Banned', 'the broker has banned this client.'),
  140: other(140, '5', 'Bad authentication method', 'the client asked for an MQTT 5 authentication method the broker does not offer (the JWT goes in the password, not in AUTH).', []),
  149: other(149, '5', 'Packet too large', 'the CONNECT was larger than the broker allows (a very large token?).', ['PASSWORD_TOO_LONG']),
  151: other(151, '5', 'Quota exceeded', 'a limit of the broker was reached.', []),
  153: other(153, '5', 'Payload format invalid', 'the will message payload does not match its format indicator.', []),
  154: other(154, '5', 'Retain not supported', 'the will message asks for retain, which the broker does not support.', []),
  155: other(155, '5', 'QoS not supported', 'the will message QoS is higher than the broker supports.', []),
  156: other(156, '5', 'Use another server', 'the broker redirects the client to another server.', []),
  157: other(157, '5', 'Server moved', 'the broker has moved permanently.', []),
  159: other(159, '5', 'Connection rate exceeded', 'the client connects too often; slow down its reconnects.', [])
}

export function connackMeaning(code: number): ConnackMeaning | null {
  if (code <= 5) return MQTT311[code] ?? null
  return MQTT5[code] ?? null
}

/** A line that is only a code, perhaps labelled: "5", "0x87", "rc=5", "CONNACK 135", "reason code 135". */
const WHOLE_LINE = /^\s*(?:(connack|rc|return code|reason code|reason_code|result code|code|returncode|reasoncode)\s*[:=]?\s*)?(0x[0-9a-f]{1,2}|\d{1,3})\s*\.?\s*$/i
/** Inside a longer line, a code named as a CONNACK code: "CONNACK 5", "reason code 135", "return code 5". */
const LABELLED = /\b(?:return[ _]code|reason[ _]code|returncode|reasoncode|connack(?: code)?)\s*[:=]?\s*(0x[0-9a-f]{1,2}|\d{1,3})\b/i
/** "rc=5" inside a line counts only on a line about connecting ("on_connect rc=5"): shells print rc= too. */
const RC = /\brc\s*[:=]\s*(\d{1,3})\b/i
const ABOUT_CONNECTING = /connect|connack|mqtt/i
/** The refusal in words, as paho 2.x's ReasonCode and many logs print it. */
const NOT_AUTHORIZED_WORDS = /\bnot[ _]authori[sz]ed\b/i

const NOT_AUTHORIZED_IN_WORDS: ConnackMeaning = {
  ...MQTT5[135]!,
  meaning:
    'The broker refused the token ("not authorized": CONNACK 5 on MQTT 3.1.1, 135 on MQTT 5). The CONNACK is the same for every cause; it never says which check failed.'
}

export interface ConnackHit {
  connack: ConnackMeaning
  /** How it was written in the paste. */
  form: string
  /** Written as words ("Not authorized"), not as a number. */
  inWords?: boolean
}

function parseCode(text: string): number {
  return text.toLowerCase().startsWith('0x') ? parseInt(text.slice(2), 16) : parseInt(text, 10)
}

function hit(code: string, form: string): ConnackHit | null {
  const connack = connackMeaning(parseCode(code))
  return connack ? { connack, form: form.trim() } : null
}

/**
 * A CONNACK code in this line, or null. A bare number ("5", "0x87") counts only when `bareNumbers`
 * (the paste is that short), so a number on its own line in a long log is not taken for a code.
 */
export function findConnack(line: string, bareNumbers: boolean): ConnackHit | null {
  const whole = WHOLE_LINE.exec(line)
  if (whole && (whole[1] || bareNumbers)) return hit(whole[2]!, whole[0])
  const labelled = LABELLED.exec(line)
  if (labelled) return hit(labelled[1]!, labelled[0])
  const rc = RC.exec(line)
  if (rc && ABOUT_CONNECTING.test(line)) return hit(rc[1]!, rc[0])
  const words = NOT_AUTHORIZED_WORDS.exec(line)
  if (words) return { connack: NOT_AUTHORIZED_IN_WORDS, form: words[0], inWords: true }
  return null
}
