// MDX tags: each must be in the registry (lib/mdx-tags, which mdx-components.tsx implements) or
// imported by the page, with only the props the registry lists and valid values. Snippet's file
// and region must exist in examples/ (the build would fail on them, 80 s later).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { extractRegion } from '../../snippets'
import { mdxTagNames, tagSpec, type TagSpec } from '../../mdx-tags'
import type { Finding } from '../finding'
import type { PageTag } from '../parse-page'
import type { SitePage } from '../site'

const TAG_LIST = mdxTagNames.map((n) => `<${n}>`).join(', ')

function checkProps(tag: PageTag, spec: TagSpec, at: (p: string, f: string) => void) {
  const props = new Map(spec.props.map((p) => [p.name, p]))
  const propList = spec.props.length ? spec.props.map((p) => p.name + (p.required ? ' (required)' : '')).join(', ') : 'none'
  for (const attr of tag.attributes) {
    const prop = props.get(attr.name)
    if (!prop) {
      at(`<${tag.name}> has no prop "${attr.name}"`, `remove it; <${tag.name}> takes: ${propList} (see /docs-team)`)
      continue
    }
    if (attr.expression) {
      at(`<${tag.name} ${attr.name}={…}> uses an expression`, `write the value as text: ${attr.name}="…"`)
      continue
    }
    if (prop.type === 'enum' && !prop.values!.includes(attr.value ?? ''))
      at(`<${tag.name} ${attr.name}="${attr.value}"> is not a value it knows`, `use one of: ${prop.values!.map((v) => `${attr.name}="${v}"`).join(', ')}`)
  }
  for (const prop of spec.props)
    if (prop.required && !tag.attributes.some((a) => a.name === prop.name))
      at(`<${tag.name}> needs the prop "${prop.name}"`, `add ${prop.name}="…": ${prop.description}`)
  if (spec.children === 'none' && tag.childTags.length)
    at(`<${tag.name}> takes no tags inside it`, `close it as <${tag.name} … /> and put the other tags after it`)
  if (Array.isArray(spec.children))
    for (const child of tag.childTags)
      if (!spec.children.includes(child)) at(`<${tag.name}> may hold only ${spec.children.map((c) => `<${c}>`).join(', ')}, not <${child}>`, `move <${child}> outside <${tag.name}>`)
}

function checkSnippetSource(root: string, tag: PageTag, at: (p: string, f: string) => void) {
  const file = tag.attributes.find((a) => a.name === 'file')?.value
  if (!file) return
  const path = join(root, 'examples', file)
  if (file.includes('..') || !existsSync(path)) {
    at(`<${tag.name} file="${file}"> names a file that is not in examples/`, 'use the path below examples/, e.g. file="plc/mqtt_jwt.py"')
    return
  }
  const region = tag.attributes.find((a) => a.name === 'region')?.value
  if (!region) return
  try {
    extractRegion(readFileSync(path, 'utf8'), region, `examples/${file}`)
  } catch (error) {
    at(`<${tag.name} region="${region}">: ${(error as Error).message}`, `use a region the file marks with "region ${region}" … "endregion ${region}", or drop region= to show the whole file`)
  }
}

export function checkTags(root: string, pages: readonly SitePage[]): Finding[] {
  const findings: Finding[] = []
  for (const page of pages) {
    for (const tag of page.tags) {
      const at = (problem: string, fix: string) => findings.push({ check: 'tags', file: page.file, line: tag.line, problem, fix })
      if (/^[a-z]/.test(tag.name)) continue // an HTML element such as <kbd> or <sup>
      const spec = tagSpec(tag.name)
      const imported = page.imports.has(tag.name.split('.')[0]!)
      if (!spec) {
        if (!imported) at(`<${tag.name}> is not a tag the site offers`, `check the spelling (tags are case-sensitive); the tags are: ${TAG_LIST} (see /docs-team). A new widget needs a developer.`)
        continue
      }
      if (spec.source !== 'registry' && !imported)
        at(`<${tag.name}> is used without its import`, `add  import { ${tag.name} } from '${spec.source}'  under the front matter`)
      checkProps(tag, spec, at)
      if (tag.name === 'Snippet') checkSnippetSource(root, tag, at)
    }
  }
  return findings
}
