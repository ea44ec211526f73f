// <TokenPlayground /> for MDX: sign an RS256 token in the browser, then decode it, verify it with
// the enrolled key file and see what the broker answers. <TokenPlayground mode="check" /> shows
// only the checking half. The client shell lazy-loads the UI, and the UI lazy-loads the token
// library (jose included), so reading pages ship none of it.
import TokenPlaygroundClient from './token-playground.client'

export function TokenPlayground({ mode = 'full' }: { mode?: 'full' | 'check' }) {
  return <TokenPlaygroundClient mode={mode} />
}
