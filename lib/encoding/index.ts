// Public surface of lib/encoding: widgets, scripts and other domains import from here only.
export * from './base64'
export * from './sha256'
