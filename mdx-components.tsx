// Registry of every component the docs team may use in MDX. Add a widget here once; use it on any page.
//   <KeyGenerator />                      make the four key files in the browser (Keys)
//   <KeyDoctor />                         diagnose any key or certificate, get the fixed file
//   <Explain />                           paste any error, log line, CONNACK code, token or key: what it means
//   <PlantProfile />                      plant id + environment that fill every snippet
//   <TokenPlayground mode="check" />      sign a token, check it as the broker does (mode: full | check)
//   <Snippet file="plc/mqtt_jwt.py" region="connect" />   one region of an example program
//   <Snippets> <Snippet …/> <Snippet …/> </Snippets>      the same, with a language switch
//   <StarterKit />                        one zip (keys, settings, program, run.sh) that takes a device to connected
import type { ComponentProps } from 'react'
import { useMDXComponents as getThemeComponents } from 'nextra-theme-docs'
import type { MDXComponents } from 'nextra/mdx-components'
import { Explain } from './components/widgets/explain'
import { KeyDoctor } from './components/widgets/key-doctor'
import { KeyGenerator } from './components/widgets/key-generator'
import { PlantProfile } from './components/widgets/plant-profile'
import { Snippet, Snippets } from './components/widgets/snippet'
import { StarterKit } from './components/widgets/starter-kit'
import { TokenPlayground } from './components/widgets/token-playground'
import { ScrollTable } from './components/ui/scroll-table'
import type { RegistryTagName } from './lib/mdx-tags'

const themeComponents = getThemeComponents()
const ThemePre = themeComponents.pre!
const ThemeTable = themeComponents.table!

// Code blocks scroll sideways on narrow screens; tabIndex lets keyboard users scroll them too
// (axe: scrollable-region-focusable).
function FocusablePre(props: ComponentProps<typeof ThemePre>) {
  return <ThemePre tabIndex={0} {...props} />
}

// Tables scroll sideways on phones: a focusable, labelled region around each (scroll-table.tsx).
function Table(props: ComponentProps<'table'>) {
  return <ScrollTable Table={ThemeTable} {...props} />
}

// Every tag lib/mdx-tags lists as the registry's, and no other: tsc fails if the two drift apart
// (check:content and the /docs-team page read that list; this file provides the components).
export const registryComponents = {
  Explain,
  KeyDoctor,
  KeyGenerator,
  PlantProfile,
  Snippet,
  Snippets,
  StarterKit,
  TokenPlayground
} satisfies Record<RegistryTagName, unknown>

export function useMDXComponents(components?: MDXComponents): MDXComponents {
  return {
    ...themeComponents,
    pre: FocusablePre,
    table: Table,
    ...registryComponents,
    ...components
  }
}
