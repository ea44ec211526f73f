'use client'
// The lifetime planner for a signed token: when to refresh, and how much clock drift it survives.
import { useEffect, useState } from 'react'
import styles from '../../ui/ui.module.css'
import { loadTokenTools, type TokenTools } from './token-tools'

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`
  return `${(seconds / 3600).toFixed(1).replace(/\.0$/, '')} h`
}

export function LifetimePlanView({ lifetime, backdate }: { lifetime: number; backdate: number }) {
  const [tools, setTools] = useState<TokenTools | null>(null)
  useEffect(() => {
    void loadTokenTools().then(setTools)
  }, [])
  if (!tools) return null
  let plan
  try {
    plan = tools.planLifetime({ lifetime, iatBackdate: backdate })
  } catch (error) {
    return <p className={styles.warn}>{(error as Error).message}</p>
  }
  return (
    <div>
      <dl className={styles.facts} aria-label="Lifetime plan">
        <dt>Valid for</dt>
        <dd>{duration(plan.validFor)} after signing</dd>
        <dt>Refresh after</dt>
        <dd>
          {duration(plan.refreshAfter)} (80 %), leaving {duration(plan.refreshMargin)} to reconnect
        </dd>
        <dt>Device clock ahead</dt>
        <dd>tolerated up to {duration(plan.clockAheadTolerance)} (iat is written {backdate} s in the past)</dd>
        <dt>Device clock behind</dt>
        <dd>tolerated up to {duration(plan.clockBehindTolerance)} if the device refreshes on time</dd>
      </dl>
      {plan.warnings.map((w) => (
        <p key={w.code} className={styles.warn}>
          {w.message}
        </p>
      ))}
    </div>
  )
}
