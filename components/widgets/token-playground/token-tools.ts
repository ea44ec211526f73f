// Loads the token library once, on first use: pages that only show the widget's form, and every
// other page, never download jose or the verdict code.
export type TokenTools = typeof import('./token-tools.impl')

let loading: Promise<TokenTools> | null = null

export function loadTokenTools(): Promise<TokenTools> {
  loading ??= import('./token-tools.impl')
  return loading
}

export type { DecodedToken, Verdict } from './token-tools.impl'
