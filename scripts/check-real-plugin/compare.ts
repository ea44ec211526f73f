// What the broker did with one CONNECT, read from its output, and the comparison with
// brokerVerdict: outcome, CONNACK code and the exact log lines. Only what the model cannot know
// is normalised on both sides: the nanoseconds of the broker's clock (and a second or two of its
// seconds) in Expired/NotYetValid, the panic's pid and build path, the client's address.
import type { Verdict } from '../../lib/tokens'

export interface Observed {
  outcome: 'accept' | 'refuse' | 'crash'
  connack: number | null
  lines: string[]
}

const PANIC_START = /^thread '[^']*' \(\d+\) panicked at /
const PANIC_END = 'thread caused non-unwinding panic. aborting.'

/** The lines of one CONNECT that the model speaks about, from the broker's raw output. */
export function relevantLines(raw: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!.replace(/^\d+: /, '')
    if (PANIC_START.test(line)) {
      // The first panic's location and message; the backtrace and the abort's own panic are "…".
      out.push(line.replace(/\(\d+\)/, '(PID)').replace(/ at \S*?\/(chrono-[^/]+\/)/, ' at …/$1'), raw[i + 1] ?? '', '…', PANIC_END)
      break
    }
    if (line.startsWith('jwt-auth:')) {
      out.push(line)
      // A line break inside the plugin's message: its next lines carry no timestamp.
      while (i + 1 < raw.length && !/^\d+: /.test(raw[i + 1]!) && !PANIC_START.test(raw[i + 1]!)) out.push(raw[++i]!)
    } else if (line === 'Client <unknown> disconnected, not authorised.') out.push(line)
    else if (line.startsWith('New client connected from ')) out.push(line.replace(/from \S+ as (.*) \((p\d), [^)]*?, (u'.*')\)\.$/, 'from <address> as $1 ($2, …, $3).'))
  }
  return out
}

const DURATION = /Duration \{ secs: (-?\d+), nanos: (?:\d+|N) \}/

function durationSecs(line: string | undefined): number | null {
  const m = line ? DURATION.exec(line) : null
  return m ? Number(m[1]) : null
}

export interface Difference {
  aspect: 'outcome' | 'connack' | 'log'
  expected: string
  actual: string
}

/** Where the model and the broker part, or [] when they agree. */
export function compare(model: Verdict, observed: Observed): Difference[] {
  const diffs: Difference[] = []
  if (model.outcome !== observed.outcome) diffs.push({ aspect: 'outcome', expected: model.outcome, actual: observed.outcome })
  if (model.connack !== observed.connack) diffs.push({ aspect: 'connack', expected: String(model.connack), actual: String(observed.connack) })
  const expected = model.brokerLogLines.map((l) => l.replace(DURATION, 'Duration { secs: S, nanos: N }'))
  const actual = observed.lines.map((l) => l.replace(DURATION, 'Duration { secs: S, nanos: N }'))
  const skew = Math.abs((durationSecs(model.brokerLogLines[0]) ?? 0) - (durationSecs(observed.lines[0]) ?? 0))
  if (expected.join('\n') !== actual.join('\n') || skew > 2) diffs.push({ aspect: 'log', expected: model.brokerLogLines.join('\n'), actual: observed.lines.join('\n') })
  return diffs
}

/** A disagreement's class: the model's rule and the shape of the broker's first line. */
export function disagreementClass(model: Verdict, observed: Observed): string {
  const first = (observed.lines[0] ?? '(no line)')
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/`[^`]*`/g, '`…`')
    .replace(/\d+/g, 'N')
  return `${model.rule} (${model.outcome}) vs ${observed.outcome}: ${first}`
}
