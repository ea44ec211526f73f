// One evaluation of the check panel's inputs: the decoded token for display and, with a key file,
// the broker's verdict. Pure apart from WebCrypto; the panel runs it on every edit.
import type { DecodedToken, TokenTools, Verdict } from './token-tools'

export interface CheckInputs {
  token: string
  keyFile: Uint8Array | null
  username: string
  protocol: '3.1.1' | '5'
  /** Seconds the broker's clock is ahead (+) of or behind (-) this computer's. */
  brokerOffset: number
}

export interface DecodeProblem {
  code: string
  message: string
  fix: string
}

export interface CheckResult {
  /** Broker time used for the verdict and for "expires in …". */
  now: number
  decoded: DecodedToken | null
  decodeProblem: DecodeProblem | null
  verdict: Verdict | null
}

export async function evaluateCheck(tools: TokenTools, input: CheckInputs): Promise<CheckResult> {
  const now = Math.floor(Date.now() / 1000) + input.brokerOffset
  let decoded: DecodedToken | null = null
  let decodeProblem: DecodeProblem | null = null
  try {
    decoded = tools.decodeToken(input.token)
  } catch (error) {
    if (!(error instanceof tools.CodedError)) throw error
    decodeProblem = { code: error.code, message: error.message, fix: error.fix }
  }
  const verdict = input.keyFile
    ? await tools.brokerVerdict({ token: input.token, keyFile: input.keyFile, username: input.username, protocol: input.protocol, now })
    : null
  return { now, decoded, decodeProblem, verdict }
}
