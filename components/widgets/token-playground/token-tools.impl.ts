// Everything the playground computes with, in one lazily loaded chunk (see token-tools.ts).
export { brokerVerdict, type Verdict } from '../../../lib/broker-verdict'
export { decodeToken, MAX_TOKEN_LENGTH, type DecodedToken } from '../../../lib/jwt-decode'
export { signToken, MAX_VOKE_LIFETIME } from '../../../lib/jwt-sign'
export { planLifetime, refreshForToken, type LifetimePlan } from '../../../lib/lifetime-planner'
export { readableTime } from '../../../lib/numeric-date'
export { CodedError } from '../../../lib/errors'
