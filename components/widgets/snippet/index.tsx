// <Snippet file="plc/mqtt_jwt.py" region="connect" /> shows a region of an example program;
// without region, the whole file.
// <Snippets> around several <Snippet>s shows them as one block with a language switch.
// Both run at build time: the file is read and highlighted here, the browser only fills values.
import { Children, isValidElement, type ReactNode } from 'react'
import { buildSnippet } from '../../../lib/server/snippet-model'
import type { SnippetTab } from './snippet-view.client'
import SnippetView from './snippet.lazy'
import DeferredSnippet from './deferred-snippet.lazy'
import { readExampleRegion } from '../../../lib/server/example-source'
import { snippetDataUrl } from '../../../lib/server/example-files'
import { languageOf } from '../../../lib/snippets'

interface SnippetProps {
  /** Path under examples/, e.g. "plc/mqtt_jwt.py". */
  file: string
  /** Region name marked in the file with region/endregion comments; leave it out to show the whole file. */
  region?: string
  /** Tab label; defaults to the language (Python, TypeScript, JavaScript, JSON, Shell, C). */
  label?: string
}

const DEFAULT_LABELS = { python: 'Python', typescript: 'TypeScript', javascript: 'JavaScript', json: 'JSON', bash: 'Shell', c: 'C', makefile: 'Makefile' } as const

/** A tab; only the first carries its code in the page (the others load when the page is idle). */
async function tabFor({ file, region, label }: SnippetProps, withModel = true): Promise<SnippetTab> {
  const tab: SnippetTab = { label: label ?? DEFAULT_LABELS[languageOf(file)], url: snippetDataUrl(file, region) }
  // Building it also proves at build time that the file and region exist, for every tab.
  const model = await buildSnippet(file, region)
  return withModel ? { ...tab, model } : tab
}

export async function Snippet(props: SnippetProps) {
  if (props.region === undefined) {
    // A whole program loads when the reader opens it (see deferred-snippet.client.tsx).
    const lineCount = readExampleRegion(props.file).split('\n').length
    const label = props.label ?? DEFAULT_LABELS[languageOf(props.file)]
    return <DeferredSnippet file={props.file} label={label} url={snippetDataUrl(props.file)} lineCount={lineCount} />
  }
  return <SnippetView tabs={[await tabFor(props)]} />
}

export async function Snippets({ children }: { children: ReactNode }) {
  const sources = Children.toArray(children)
    .filter(isValidElement)
    .map((child) => child.props as SnippetProps)
    .filter((props) => typeof props.file === 'string')
  if (!sources.length) throw new Error('<Snippets> needs at least one <Snippet file="…" region="…" /> inside.')
  return <SnippetView tabs={await Promise.all(sources.map((source, i) => tabFor(source, i === 0)))} />
}
