// Registry of every component the docs team may use in MDX. Add a widget here once; use it on any page.
//   <KeyGenerator />                      make the four key files in the browser (Keys)
//   <PlantProfile />                      plant id + environment that fill every snippet
//   <Snippet file="plc/mqtt_jwt.py" region="connect" />   one region of an example program
//   <Snippets> <Snippet …/> <Snippet …/> </Snippets>      the same, with a language switch
import { useMDXComponents as getThemeComponents } from 'nextra-theme-docs'
import type { MDXComponents } from 'nextra/mdx-components'
import { PlantProfile } from './components/widgets/plant-profile'
import { Snippet, Snippets } from './components/widgets/snippet'

const themeComponents = getThemeComponents()

export function useMDXComponents(components?: MDXComponents): MDXComponents {
  return {
    ...themeComponents,
    PlantProfile,
    Snippet,
    Snippets,
    ...components
  }
}
