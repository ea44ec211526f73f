// "Previous / Next" links at the foot of every page, so an integrator can follow the guide in
// order. Replaces the theme's pagination because that one sits outside any landmark (axe "region").
import Link from 'next/link'
import { getPageMap } from 'nextra/page-map'
import { normalizePages } from 'nextra/normalize-pages'

function titleText(title: unknown, fallback: string): string {
  return typeof title === 'string' && title.trim() ? title : fallback
}

export async function PagePager({ route }: { route: string }) {
  const { flatDocsDirectories, activeIndex } = normalizePages({ list: await getPageMap(), route })
  const prev = activeIndex > 0 ? flatDocsDirectories[activeIndex - 1] : undefined
  const next = flatDocsDirectories[activeIndex + 1]
  if (!prev && !next) return null
  return (
    <nav aria-label="Previous and next page" className="voke-pager">
      {prev ? (
        <Link href={prev.route} className="voke-pager-link" rel="prev">
          <span className="voke-pager-label">Previous</span>
          <span>← {titleText(prev.title, prev.name)}</span>
        </Link>
      ) : (
        <span />
      )}
      {next ? (
        <Link href={next.route} className="voke-pager-link voke-pager-next" rel="next">
          <span className="voke-pager-label">Next</span>
          <span>{titleText(next.title, next.name)} →</span>
        </Link>
      ) : null}
    </nav>
  )
}
