'use client'
// Only the page that renders this widget loads its code (see key-generator.lazy.tsx for why).
import dynamic from 'next/dynamic'
import type { ComponentProps } from 'react'

const Widget = dynamic(() => import('./starter-kit.client'))

// A plain function component, so MDX's component types accept it.
export default function LazyWidget(props: ComponentProps<typeof Widget>) {
  return <Widget {...props} />
}
