// scripts/paint-first.mjs takes Next's chunk tags out of a page and adds them back after the first
// paint. Here on a page shaped like Next's export; tests/e2e/paint-first.spec.ts checks the real build.
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
// @ts-expect-error plain .mjs build script without types
import { paintFirst } from '../../scripts/paint-first.mjs'

const PAGE = [
  '<!DOCTYPE html><html><head><meta charSet="utf-8"/>',
  '<link rel="stylesheet" href="/_next/static/css/a.css" data-precedence="next"/>',
  '<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/webpack-1.js"/>',
  '<script src="/_next/static/chunks/react-2.js" async=""></script>',
  '<script src="/_next/static/chunks/main-app-3.js" async=""></script>',
  '<link rel="preload" href="/_next/static/chunks/459.4.js" as="script" fetchPriority="low"/>',
  '<script src="/_next/static/chunks/polyfills-5.js" noModule=""></script>',
  '<script src="/_next/static/chunks/webpack-1.js" id="_R_" async=""></script>',
  '<link rel="icon" href="/favicon.svg" type="image/svg+xml"/>',
  '</head><body><p>Text</p><script>self.__next_f.push([1,"x"])</script></body></html>'
].join('')

interface Added { tag: string; src?: string; href?: string; id?: string; async?: boolean; rel?: string; as?: string }

/** Runs the page's loader in a stand-in document and returns what it appended to <head>, in order. */
function runLoader(page: string, { hidden = false, paints = true } = {}) {
  const loader = /<script data-paint-first="">([\s\S]*?)<\/script>/.exec(page)![1]!
  const added: Added[] = []
  const timers: Array<{ run: () => void; ms: number }> = []
  let observer: ((list: { getEntriesByName: (n: string) => unknown[] }) => void) | undefined
  class FakeObserver {
    static supportedEntryTypes = ['paint']
    constructor(callback: typeof observer) { observer = callback }
    observe() {}
  }
  const document = {
    visibilityState: hidden ? 'hidden' : 'visible',
    addEventListener() {},
    createElement: (tag: string) => ({ tag }) as Added,
    head: { appendChild: (element: Added) => added.push({ ...element }) }
  }
  const window = { PerformanceObserver: FakeObserver }
  runInNewContext(loader, { document, window, PerformanceObserver: FakeObserver, setTimeout: (run: () => void, ms: number) => timers.push({ run, ms }), requestAnimationFrame: (f: () => void) => f() })
  return {
    added,
    // The paint runs only what the paint observer scheduled; the 3 s limit stays pending.
    paint: () => {
      if (paints) observer?.({ getEntriesByName: (name) => (name === 'first-contentful-paint' ? [{}] : []) })
      timers.filter((t) => t.ms === 0).forEach((t) => t.run())
    },
    timeout: () => timers.forEach((t) => t.run())
  }
}

describe('paintFirst', () => {
  const page = paintFirst(PAGE) as string

  it('takes every async chunk script and script preload out of the page, and keeps the rest', () => {
    expect(page).not.toMatch(/<script src="[^"]+" (id="[^"]+" )?async=""/)
    expect(page).not.toMatch(/rel="preload"[^>]*\.js/)
    expect(page).toContain('<link rel="stylesheet" href="/_next/static/css/a.css" data-precedence="next"/>')
    expect(page).toContain('<script src="/_next/static/chunks/polyfills-5.js" noModule=""></script>')
    expect(page).toContain('<script>self.__next_f.push([1,"x"])</script>')
    expect(page).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml"/>')
    expect(page.indexOf('data-paint-first')).toBeGreaterThan(page.indexOf('<p>Text</p>'))
    expect(page.endsWith('</script></body></html>')).toBe(true)
  })

  it('adds nothing before the first paint, then the scripts (with Next’s id) and the dynamic chunks’ preloads', () => {
    const run = runLoader(page)
    expect(run.added).toEqual([])
    run.paint()
    expect(run.added).toEqual([
      { tag: 'link', rel: 'preload', as: 'script', href: '/_next/static/chunks/459.4.js' },
      { tag: 'script', src: '/_next/static/chunks/react-2.js', async: true },
      { tag: 'script', src: '/_next/static/chunks/main-app-3.js', async: true },
      { tag: 'script', src: '/_next/static/chunks/webpack-1.js', id: '_R_', async: true }
    ])
    run.paint()
    expect(run.added).toHaveLength(4)
  })

  it('starts at once in a hidden tab, and after the time limit when no paint is reported', () => {
    expect(runLoader(page, { hidden: true }).added).toHaveLength(4)
    const silent = runLoader(page, { paints: false })
    silent.paint() // a frame without a contentful paint: still nothing
    expect(silent.added).toHaveLength(0)
    silent.timeout()
    expect(silent.added).toHaveLength(4)
  })

  it('refuses a page it already rewrote, and a page without Next’s chunk scripts', () => {
    expect(() => paintFirst(page)).toThrow(/already/)
    expect(() => paintFirst('<html><body></body></html>')).toThrow(/no Next chunk/)
  })
})
