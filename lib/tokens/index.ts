// Public surface of lib/tokens: widgets, scripts and other domains import from here only.
export * from './broker-verdict'
export * from './jwt-decode'
export * from './jwt-sign'
export * from './jwt-verify'
export * from './lifetime-planner'
export * from './numeric-date'
export * from './strict-json'
export * from './token-errors'
