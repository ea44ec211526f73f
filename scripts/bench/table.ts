// The one markdown table the benchmark prints: figure, goal, met/not met and how it was measured.
export interface Row {
  measure: string
  figure: string
  goal: string
  /** undefined: no goal, the row is for information. */
  met: boolean | undefined
  how: string
}

const cell = (s: string) => s.replace(/\|/g, '\\|')

export function markdownTable(rows: Row[]): string {
  const lines = ['| measure | figure | goal | met? | how measured |', '|---|---|---|---|---|']
  for (const r of rows) {
    const met = r.met === undefined ? '—' : r.met ? 'met' : '**not met**'
    lines.push(`| ${[r.measure, r.figure, r.goal, met, r.how].map(cell).join(' | ')} |`)
  }
  return lines.join('\n')
}
