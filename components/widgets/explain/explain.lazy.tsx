'use client'
// Only pages that place <Explain /> load its code (next/dynamic makes it a chunk of its own); the
// server still renders the empty box into the static HTML.
import dynamic from 'next/dynamic'

const Widget = dynamic(() => import('./explain.client'))

// A plain function component, so MDX's component types accept it.
export default function LazyExplain() {
  return <Widget />
}
