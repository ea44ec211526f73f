// The single catch-all route that renders every MDX page in content/ (Nextra 4).
import { generateStaticParamsFor, importPage } from 'nextra/pages'
import { useMDXComponents as getMDXComponents } from '../../mdx-components'
import { PagePager } from '../../components/page-pager'

export const generateStaticParams = generateStaticParamsFor('mdxPath')

type PageProps = { params: Promise<{ mdxPath?: string[] }> }

export async function generateMetadata(props: PageProps) {
  const params = await props.params
  const { metadata } = await importPage(params.mdxPath)
  return metadata
}

// The docs theme always provides the wrapper (TOC, page chrome); the MDX type marks it optional.
const Wrapper = getMDXComponents().wrapper!

export default async function Page(props: PageProps) {
  const params = await props.params
  // sourceCode (the page's raw MDX) is left out: only the theme's copy-page button uses it, and
  // that button is off (app/layout.tsx), yet passing it would ship the whole MDX in every page.
  const { default: MDXContent, toc, metadata } = await importPage(params.mdxPath)
  const route = '/' + (params.mdxPath ?? []).join('/')
  return (
    <Wrapper
      toc={toc}
      metadata={metadata}
      sourceCode=""
      bottomContent={<PagePager route={route} />}
    >
      <MDXContent {...props} params={params} />
    </Wrapper>
  )
}
