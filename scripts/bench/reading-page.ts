// The "reading page" for the page-weight goal: the first guide page (route order, so the
// Overview at / when it qualifies) that places no widget from components/widgets. Derived from
// content/ and the widget folders, so it follows the docs team's edits.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { sitePages } from '../../tests/support/site-pages'
import { pagesWithWidget } from '../../tests/support/widget-pages'

const widgetDir = join(__dirname, '..', '..', 'components', 'widgets')

/** key-generator → KeyGenerator: the MDX tag each widget folder registers. */
const tagOf = (folder: string) => folder.replace(/(^|-)([a-z])/g, (_, _dash, c: string) => c.toUpperCase())

export function readingPage(): string {
  const withWidgets = new Set(readdirSync(widgetDir).flatMap((folder) => pagesWithWidget(tagOf(folder))))
  const page = sitePages().find(({ route }) => !withWidgets.has(route))
  if (!page) throw new Error('every guide page places a widget: no reading page to compare')
  return page.route
}
