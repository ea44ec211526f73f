'use client'
// Only pages that render this widget load its code: all docs pages share one route, so importing
// the component directly would put it in every page's bundle (measured: +8 KiB gzip per page).
// next/dynamic makes it a chunk of its own; the server still renders it into the static HTML.
import dynamic from 'next/dynamic'
import type { ComponentProps } from 'react'

const Widget = dynamic(() => import('./key-generator.client'))

// A plain function component, so MDX's component types accept it.
export default function LazyWidget(props: ComponentProps<typeof Widget>) {
  return <Widget {...props} />
}
