// Everything the playground computes with, in one lazily loaded chunk (see token-tools.ts).
export { brokerVerdict, type Verdict } from '../../../lib/tokens'
export { decodeToken, MAX_TOKEN_LENGTH, type DecodedToken } from '../../../lib/tokens'
export { signToken, MAX_VOKE_LIFETIME } from '../../../lib/tokens'
export { planLifetime, refreshForToken, type LifetimePlan } from '../../../lib/tokens'
export { readableTime } from '../../../lib/tokens'
export { CodedError } from '../../../lib/errors'
