'use client'
// A small shell whose only job is the lazy import: the playground's UI becomes its own chunk that
// only pages rendering <TokenPlayground /> load (the docs share one route, so a plain import would
// put it in every page's bundle). The token library loads later still, on first use.
import dynamic from 'next/dynamic'
import styles from '../../ui/ui.module.css'

const Playground = dynamic(() => import('./playground'), {
  loading: () => <p className={styles.neutral}>Loading the token playground…</p>
})

export default function TokenPlaygroundClient({ mode }: { mode: 'full' | 'check' }) {
  return <Playground mode={mode} />
}
