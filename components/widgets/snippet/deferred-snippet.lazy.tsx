'use client'
// Its own chunk, like snippet.lazy.tsx: only pages that show a whole program load this code.
import dynamic from 'next/dynamic'
import type { ComponentProps } from 'react'

const Widget = dynamic(() => import('./deferred-snippet.client'))

export default function LazyDeferredSnippet(props: ComponentProps<typeof Widget>) {
  return <Widget {...props} />
}
