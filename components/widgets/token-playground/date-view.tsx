'use client'
// iat, nbf and exp as people read them: ISO, local time, and relative to the broker's clock.
import { readableTime } from '../../../lib/tokens'
import styles from '../../ui/ui.module.css'

const NAMES = { iat: 'Issued (iat)', nbf: 'Not before (nbf)', exp: 'Expires (exp)' } as const

function relativeLabel(name: keyof typeof NAMES, relative: string): string {
  if (name !== 'exp') return relative
  return relative.startsWith('in ') || relative === 'now' ? `expires ${relative}` : `expired ${relative}`
}

export function DateView({ payload, now }: { payload: Record<string, unknown>; now: number }) {
  const rows = (Object.keys(NAMES) as (keyof typeof NAMES)[]).flatMap((name) => {
    const value = payload[name]
    if (typeof value !== 'number') return []
    const time = readableTime(value, now)
    return [{ name, value, time }]
  })
  if (!rows.length) return null
  return (
    <dl className={styles.facts} data-testid="dates">
      {rows.map(({ name, value, time }) => (
        <div key={name} style={{ display: 'contents' }}>
          <dt>{NAMES[name]}</dt>
          <dd>
            {time ? (
              <>
                {relativeLabel(name, time.relative)}
                <br />
                {time.iso}
                <br />
                {time.local} (local)
              </>
            ) : (
              `${value}: outside the range of dates`
            )}
          </dd>
        </div>
      ))}
    </dl>
  )
}
