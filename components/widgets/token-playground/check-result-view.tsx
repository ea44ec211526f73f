'use client'
// The outcome of one check: the verdict first, then the decoded token and its dates.
import styles from '../../ui/ui.module.css'
import type { CheckResult } from './check-evaluation'
import { DateView } from './date-view'
import pg from './playground.module.css'
import { VerdictView } from './verdict-view'

export function CheckResultView({ result, subheading: Heading }: { result: CheckResult; subheading: 'h3' | 'h4' }) {
  const { decoded, decodeProblem, verdict, now } = result
  return (
    <div>
      {verdict ? (
        <VerdictView verdict={verdict} />
      ) : decodeProblem ? null : (
        <p className={styles.neutral}>Add the key file as enrolled to see the broker&apos;s verdict.</p>
      )}
      {decodeProblem && !verdict ? (
        <p className={styles.bad}>
          {decodeProblem.message} {decodeProblem.fix}
        </p>
      ) : null}
      {decoded ? (
        <div className={pg.grid}>
          <div>
            <Heading className={styles.label}>Header</Heading>
            <pre className={pg.json} data-testid="decoded-header">
              {JSON.stringify(decoded.header, null, 2)}
            </pre>
          </div>
          <div>
            <Heading className={styles.label}>Payload</Heading>
            <pre className={pg.json} data-testid="decoded-payload">
              {JSON.stringify(decoded.payload, null, 2)}
            </pre>
          </div>
          <div>
            <Heading className={styles.label}>Signature</Heading>
            <p className={pg.small}>
              {decoded.signature.length} bytes ({decoded.signature.length * 8} bits; a 2048-bit key gives 256 bytes)
            </p>
            <DateView payload={decoded.payload} now={now} />
          </div>
        </div>
      ) : null}
    </div>
  )
}
