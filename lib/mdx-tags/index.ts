// The MDX tags the docs team may use, as data: what each shows, its props and an example.
// One list feeds three things so they cannot drift apart: mdx-components.tsx (tsc fails if a tag
// here has no component or a component is missing here), `npm run check:content` (unknown tags,
// unknown or invalid props), and the docs-team page /docs-team/components (reference + live example).

export interface TagProp {
  name: string
  /** 'string' takes any text; 'enum' only the listed values. */
  type: 'string' | 'enum'
  values?: readonly string[]
  required?: boolean
  description: string
}

/** How the example renders: the tag with these props, optionally around child tags. */
export interface TagExample {
  props: Readonly<Record<string, string>>
  children?: readonly TagExample[]
  /** The child's tag name (children only; the top level is the tag itself). */
  tag?: string
  /** Text inside the tag (tags whose children are free MDX). */
  text?: string
}

export interface TagSpec {
  description: string
  /** Where the tag comes from: the site's registry (no import needed) or a Nextra import line. */
  source: 'registry' | 'nextra/components'
  props: readonly TagProp[]
  /** Children the tag expects: none, free MDX, or only the named tags. */
  children: 'none' | 'mdx' | readonly string[]
  example: TagExample
}

const snippetProps: readonly TagProp[] = [
  { name: 'file', type: 'string', required: true, description: 'A program under examples/, e.g. plc/mqtt_jwt.py. A missing file fails the build.' },
  { name: 'region', type: 'string', description: 'A named region in that file (# region NAME … # endregion NAME). Without it the whole file shows.' },
  { name: 'label', type: 'string', description: 'The tab label in <Snippets>; defaults to the language (Python, TypeScript, Shell).' }
]

export const MDX_TAGS = {
  KeyGenerator: {
    description: 'Makes the four key files of the platform\u2019s key script in the browser (jwt-private.pem, jwt-public.pem, jwt-public.der, jwt-public-spki.der).',
    source: 'registry',
    props: [],
    children: 'none',
    example: { props: {} }
  },
  KeyDoctor: {
    description: 'Diagnoses any RSA key or certificate, says whether the broker accepts it, and offers the fixed jwt-public.der.',
    source: 'registry',
    props: [],
    children: 'none',
    example: { props: {} }
  },
  Explain: {
    description: 'Paste any client error, broker log line, CONNACK code, token, key or certificate: what it means, the likely causes, the fix and the section to read. Runs in the page.',
    source: 'registry',
    props: [],
    children: 'none',
    example: { props: {} }
  },
  TokenPlayground: {
    description: 'Signs an RS256 token in the browser, decodes and verifies it, and shows the broker\u2019s verdict with a link to Troubleshooting.',
    source: 'registry',
    props: [
      { name: 'mode', type: 'enum', values: ['full', 'check'], description: 'full: sign, decode and verify (default). check: paste a token and get the broker\u2019s verdict only.' }
    ],
    children: 'none',
    example: { props: { mode: 'check' } }
  },
  PlantProfile: {
    description: 'The reader\u2019s plant id and environment; every snippet on the site is filled with them.',
    source: 'registry',
    props: [],
    children: 'none',
    example: { props: {} }
  },
  StarterKit: {
    description: 'One zip with everything a device needs to connect: keys, settings, the program and run.sh, filled from the plant profile.',
    source: 'registry',
    props: [],
    children: 'none',
    example: { props: {} }
  },
  Snippet: {
    description: 'One named region (or the whole file) of a program in examples/, highlighted at build time and filled from the plant profile.',
    source: 'registry',
    props: snippetProps,
    children: 'none',
    example: { props: { file: 'plc/mqtt_jwt.py', region: 'connect' } }
  },
  Snippets: {
    description: 'Several <Snippet> tags shown as one block with a language switch.',
    source: 'registry',
    props: [],
    children: ['Snippet'],
    example: {
      props: {},
      children: [
        { tag: 'Snippet', props: { file: 'plc/mqtt_jwt.py', region: 'config' } },
        { tag: 'Snippet', props: { file: 'plc/mqtt-jwt.ts', region: 'config' } }
      ]
    }
  },
  Callout: {
    description: 'A highlighted note. Import it first: import { Callout } from \u2018nextra/components\u2019.',
    source: 'nextra/components',
    props: [
      { name: 'type', type: 'enum', values: ['default', 'info', 'warning', 'error', 'important'], description: 'Colour and icon: error for what breaks a connection, warning for traps, info for background.' },
      { name: 'emoji', type: 'string', description: 'Replaces the icon (rarely needed).' }
    ],
    children: 'mdx',
    example: { props: { type: 'info' }, text: 'The broker reads the key file once, when it starts.' }
  },
  Steps: {
    description: 'Numbers the ### headings inside it as steps. Import it first: import { Steps } from \u2018nextra/components\u2019.',
    source: 'nextra/components',
    props: [],
    children: 'mdx',
    example: { props: {}, text: '### Make the key pair\n### Enrol jwt-public.der' }
  }
} as const satisfies Record<string, TagSpec>

export type MdxTagName = keyof typeof MDX_TAGS
/** Tags provided by the site's registry (mdx-components.tsx): usable without an import. */
export type RegistryTagName = { [K in MdxTagName]: (typeof MDX_TAGS)[K]['source'] extends 'registry' ? K : never }[MdxTagName]

export const mdxTagNames = Object.keys(MDX_TAGS) as MdxTagName[]

export function tagSpec(name: string): TagSpec | undefined {
  return Object.hasOwn(MDX_TAGS, name) ? (MDX_TAGS as Record<string, TagSpec>)[name] : undefined
}

/** The MDX source of an example, as a writer would type it. */
export function exampleSource(tag: string, example: TagExample, indent = ''): string {
  const attrs = Object.entries(example.props).map(([k, v]) => ` ${k}="${v}"`).join('')
  if (example.text) return `${indent}<${tag}${attrs}>\n${example.text.replace(/^/gm, indent + '  ')}\n${indent}</${tag}>`
  if (!example.children?.length) return `${indent}<${tag}${attrs} />`
  const inner = example.children.map((child) => exampleSource(child.tag ?? tag, child, indent + '  ')).join('\n')
  return `${indent}<${tag}${attrs}>\n${inner}\n${indent}</${tag}>`
}
