// Which guide pages use a widget, read from content/ (an MDX tag like <PlantProfile />), so the
// privacy, offline and a11y flows pick up a widget the moment the docs team places it.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { contentDir, sitePages } from './site-pages'

/** Routes whose MDX uses <Tag …> outside comments, in route order. */
export function pagesWithWidget(tag: string): string[] {
  const use = new RegExp(`<${tag}[\\s/>]`)
  return sitePages()
    .filter(({ file }) => use.test(readFileSync(join(contentDir, file), 'utf8').replace(/\{\/\*[\s\S]*?\*\/\}/g, '')))
    .map(({ route }) => route)
}

/**
 * Whether the served build really has the widget on this page (content/ may be ahead of the
 * build being tested). Records a test annotation when it does not, so a skipped step is visible.
 */
export async function builtHas(page: import('@playwright/test').Page, widget: string): Promise<boolean> {
  // The widgets are in the static HTML (server-rendered), so the loaded page answers; no need to
  // wait for the network to go quiet, which a loaded machine can put off.
  await page.waitForLoadState('load')
  const present = (await page.locator(`[data-widget="${widget}"]`).count()) > 0
  if (!present) {
    const { test } = await import('@playwright/test')
    test.info().annotations.push({ type: 'skipped-step', description: `${widget} is not in the served build of ${page.url()}` })
  }
  return present
}
