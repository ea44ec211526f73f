// The docs team's tag reference (/docs-team): every tag in lib/mdx-tags with what it does, its
// props and a live example rendered by the real component, next to the MDX that makes it. Built
// from the same list mdx-components.tsx and check:content use, so it cannot drift from either.
import type { ComponentType, ReactNode } from 'react'
import { Callout, Steps } from 'nextra/components'
import { useMDXComponents as getThemeComponents } from 'nextra-theme-docs'
import { registryComponents, useMDXComponents } from '../../mdx-components'
import { ScrollTable } from '../ui/scroll-table'
import { LiveExample } from './live-example.client'
import { exampleSource, MDX_TAGS, type MdxTagName, type TagExample, type TagSpec } from '../../lib/mdx-tags'

const mdx = useMDXComponents()
const Pre = mdx.pre as ComponentType<{ children: ReactNode; 'data-language'?: string; 'data-copy'?: string }>
const ThemeTable = getThemeComponents().table!
const Code = mdx.code as ComponentType<{ children: ReactNode }>
const H2 = mdx.h2 as ComponentType<{ id: string; children: ReactNode }>
const H3 = mdx.h3 as ComponentType<{ children: ReactNode }>
const P = mdx.p as ComponentType<{ children: ReactNode }>

const components: Record<MdxTagName, ComponentType<Record<string, unknown>>> = {
  ...(registryComponents as unknown as Record<string, ComponentType<Record<string, unknown>>>),
  Callout: Callout as unknown as ComponentType<Record<string, unknown>>,
  Steps: Steps as unknown as ComponentType<Record<string, unknown>>
} as Record<MdxTagName, ComponentType<Record<string, unknown>>>

/** The example as React: the tag with its props, its child tags, or its text (### lines as steps). */
// Child tags are passed as direct elements: <Snippets> reads its <Snippet> children's props.
function render(tag: string, example: TagExample, key?: number): ReactNode {
  const Component = components[tag as MdxTagName]
  const children = example.text
    ? example.text.split('\n').map((line, i) => (line.startsWith('### ') ? <H3 key={i}>{line.slice(4)}</H3> : <p key={i}>{line}</p>))
    : example.children?.map((child, i) => render(child.tag ?? tag, child, i))
  return (
    <Component key={key} {...example.props}>
      {children}
    </Component>
  )
}

/** One <span> per line, as rehype-pretty-code writes code blocks (the theme pads those lines). */
function lines(source: string): ReactNode[] {
  return source.split('\n').flatMap((line, i) => [...(i ? ['\n'] : []), <span key={i}>{line}</span>])
}

function PropsTable({ tag, spec }: { tag: string; spec: TagSpec }) {
  if (!spec.props.length) return <P>No props.</P>
  return (
    // Every props table has the same header row: name each region after its tag (landmark-unique).
    <ScrollTable Table={ThemeTable} label={`Props of <${tag}>`}>
      <thead>
        <tr>
          <th>Prop</th>
          <th>Values</th>
          <th>What it does</th>
        </tr>
      </thead>
      <tbody>
        {spec.props.map((prop) => (
          <tr key={prop.name}>
            <td>
              <Code>{prop.name}</Code>
              {prop.required ? ' (required)' : ''}
            </td>
            <td>{prop.type === 'enum' ? prop.values!.map((v) => `"${v}"`).join(' | ') : 'text'}</td>
            <td>{prop.description}</td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  )
}

export function TagReference() {
  return (
    <>
      {(Object.entries(MDX_TAGS) as [MdxTagName, TagSpec][]).map(([tag, spec]) => (
        <section key={tag} aria-labelledby={`tag-${tag.toLowerCase()}`}>
          <H2 id={`tag-${tag.toLowerCase()}`}>{`<${tag}>`}</H2>
          <P>{spec.description}</P>
          <PropsTable tag={tag} spec={spec} />
          <H3>{`<${tag}> in MDX`}</H3>
          <Pre data-language="mdx" data-copy="">
            <code>{lines((spec.source === 'registry' ? '' : `import { ${tag} } from '${spec.source}'\n\n`) + exampleSource(tag, spec.example))}</code>
          </Pre>
          <H3>{`<${tag}> on the page`}</H3>
          <LiveExample tag={tag}>{render(tag, spec.example)}</LiveExample>
        </section>
      ))}
    </>
  )
}

