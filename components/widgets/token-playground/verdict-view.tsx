'use client'
// The broker's answer: accept or reject, the CONNACK the client sees, the rule, the broker log
// line, why, the fix, warnings, and the Troubleshooting section that explains it.
import styles from '../../ui/ui.module.css'
import pg from './playground.module.css'
import type { Verdict } from './token-tools'
import { troubleshootingHref } from './troubleshooting-anchors'

function MoreLink({ code }: { code: string }) {
  const href = troubleshootingHref(code)
  return href ? (
    <>
      {' '}
      <a className={pg.link} href={href}>
        Troubleshooting: more on {code}
      </a>
    </>
  ) : null
}

export function VerdictView({ verdict }: { verdict: Verdict }) {
  return (
    <div
      className={verdict.accept ? (verdict.warnings.length ? styles.warn : styles.ok) : styles.bad}
      data-testid="verdict"
      data-accept={verdict.accept}
      data-rule={verdict.rule}
      data-connack={verdict.connack ?? 'none'}
    >
      <p style={{ margin: 0 }}>
        <span className={pg.badge}>{verdict.accept ? 'ACCEPT' : 'REJECT'}</span>: {verdict.connackText}
      </p>
      <dl className={styles.facts}>
        <dt>Rule</dt>
        <dd>
          <code>{verdict.rule}</code> ({verdict.stage})
        </dd>
        <dt>Broker log</dt>
        <dd>{verdict.brokerLog}</dd>
        <dt>Why</dt>
        <dd>{verdict.explanation}</dd>
        {verdict.fix ? (
          <>
            <dt>Fix</dt>
            <dd data-testid="verdict-fix">
              {verdict.fix}
              <MoreLink code={verdict.rule} />
            </dd>
          </>
        ) : null}
      </dl>
      {verdict.warnings.length ? (
        <ul className={pg.list} aria-label="Warnings">
          {verdict.warnings.map((w) => (
            <li key={w.code}>
              {w.message}
              <MoreLink code={w.code} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
