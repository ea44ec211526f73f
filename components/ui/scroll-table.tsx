// MDX tables on narrow screens scroll sideways. The scrolling box is a labelled region that
// keyboard users can focus (and so scroll with the arrow keys): axe's scrollable-region-focusable.
// Its name comes from the table's caption, else its header row ("Table: File, Format, Used by").
// Server component: the label is worked out at build time, no JavaScript reaches the browser.
import { Children, isValidElement, type ComponentProps, type ReactElement, type ReactNode } from 'react'

type WithChildren = ReactElement<{ children?: ReactNode }>

function textOf(node: ReactNode): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node)
  if (Array.isArray(node)) return node.map(textOf).join('')
  if (isValidElement(node)) return textOf((node as WithChildren).props.children)
  return ''
}

function elements(node: ReactNode): WithChildren[] {
  return Children.toArray(node).filter(isValidElement) as WithChildren[]
}

/** Caption text, else the first row's cells, as the region's accessible name. */
export function tableLabel(children: ReactNode): string {
  const parts = elements(children)
  const caption = parts.find((el) => el.type === 'caption')
  if (caption) return textOf(caption).trim()
  // <thead> (or <tbody>) → first <tr> → its cells. MDX passes the theme's components, so the
  // structure is walked, not the element names.
  const firstRow = elements(parts[0]?.props.children)[0]
  const cells = elements(firstRow?.props.children).map((cell) => textOf(cell).trim()).filter(Boolean)
  return cells.length ? `Table: ${cells.join(', ')}` : 'Table'
}

/** label: the region's name when the header row would repeat another table's on the page. */
export function ScrollTable({ Table, label, ...props }: ComponentProps<'table'> & { Table: (p: ComponentProps<'table'>) => ReactNode; label?: string }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrolling region must be focusable
    <div className="voke-table-scroll" role="region" aria-label={label ?? tableLabel(props.children)} tabIndex={0}>
      <Table {...props} />
    </div>
  )
}
