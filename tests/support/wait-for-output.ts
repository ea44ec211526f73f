// Waiting for something a child process prints (a line, a log entry): resolves with the first
// match, rejects when the process ended without printing it or the time ran out.
export interface OutputWatch {
  /** Called after each chunk of output and at exit; the waiters add and remove themselves here. */
  waiters: Set<() => void>
  ended(): boolean
}

export function waitForOutput<T>(
  watch: OutputWatch,
  find: () => T | undefined,
  timeoutMs: number,
  failure: { ended: () => string; timedOut: () => string }
): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = find()
      if (found !== undefined) done(() => resolve(found))
      else if (watch.ended()) done(() => reject(new Error(failure.ended())))
    }
    const timer = setTimeout(() => done(() => reject(new Error(failure.timedOut()))), timeoutMs)
    const done = (settle: () => void) => {
      clearTimeout(timer)
      watch.waiters.delete(check)
      settle()
    }
    watch.waiters.add(check)
    check()
  })
}
