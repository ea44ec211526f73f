// Small statistics for noisy timings: median and spread, never a single run.
export interface Spread {
  n: number
  median: number
  p25: number
  p75: number
  min: number
  max: number
}

function quantile(sorted: number[], q: number): number {
  const at = (sorted.length - 1) * q
  const lo = Math.floor(at)
  const hi = Math.ceil(at)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo)
}

export function spread(values: number[]): Spread {
  if (values.length === 0) throw new Error('no samples')
  const s = [...values].sort((a, b) => a - b)
  return { n: s.length, median: quantile(s, 0.5), p25: quantile(s, 0.25), p75: quantile(s, 0.75), min: s[0]!, max: s[s.length - 1]! }
}

export const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0))
export const describe = (s: Spread) => `median ${fmt(s.median)} ms (IQR ${fmt(s.p25)}–${fmt(s.p75)}, min ${fmt(s.min)}, max ${fmt(s.max)}, n=${s.n})`
