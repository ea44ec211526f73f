'use client'
// The broker's answer: accept, reject, or crash (the real broker dies on the token); the CONNACK
// the client sees, the rule, why, the fix, the lines Voke's broker log shows (copyable, for the
// operator's search), warnings, and the Troubleshooting section that explains it.
import { CopyButton } from '../../ui/copy-button'
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

function BrokerLog({ verdict }: { verdict: Verdict }) {
  const text = verdict.brokerLog
  return (
    <div className={pg.logBlock}>
      <p className={pg.small}>
        {verdict.outcome === 'crash'
          ? 'What the broker prints as it dies (PID and the lines between vary):'
          : verdict.accept
            ? 'The broker log shows no jwt-auth line for an accepted token, only Mosquitto\u2019s own:'
            : 'What Voke\u2019s broker log shows for it, word for word (N: nanoseconds of the broker\u2019s clock; L, C and \u2026: serde_json\u2019s position and words for a syntax error):'}
      </p>
      <pre className={pg.log} data-testid="broker-log" tabIndex={0} aria-label="Broker log lines">
        {text}
      </pre>
      <CopyButton text={text} label="Copy the broker log lines" />
    </div>
  )
}

export function VerdictView({ verdict }: { verdict: Verdict }) {
  const crash = verdict.outcome === 'crash'
  const tone = crash ? `${styles.bad} ${pg.crash}` : verdict.accept ? (verdict.warnings.length ? styles.warn : styles.ok) : styles.bad
  return (
    <div
      className={tone}
      data-testid="verdict"
      data-outcome={verdict.outcome}
      data-accept={verdict.accept}
      data-rule={verdict.rule}
      data-connack={verdict.connack ?? 'none'}
    >
      {crash ? (
        <p className={pg.crashHeading} role="alert">
          <span className={pg.crashBadge}>CRASHES THE BROKER</span> This token does not just fail: it stops Voke&apos;s whole
          broker, and every connected plant drops. {verdict.connackText}.
        </p>
      ) : (
        <p style={{ margin: 0 }}>
          <span className={pg.badge}>{verdict.accept ? 'ACCEPT' : 'REJECT'}</span>: {verdict.connackText}
        </p>
      )}
      <dl className={styles.facts}>
        <dt>Rule</dt>
        <dd>
          <code>{verdict.rule}</code> ({verdict.stage})
        </dd>
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
      <BrokerLog verdict={verdict} />
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
