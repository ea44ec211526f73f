// The docs team's tag reference lists every tag of lib/mdx-tags with its props and MDX, renders
// each live, and stays out of the integrators' sidebar and search.
import { expect, test } from '@playwright/test'
import { exampleSource, MDX_TAGS } from '../../lib/mdx-tags'

test('/docs-team shows every registry tag with its MDX and a live example, and is not in the sidebar', async ({ page }) => {
  await page.goto('/docs-team')
  await expect(page.locator('h1')).toHaveText('Tags for the docs team')
  // Far-down examples wait until scrolled to, so the page does not load every widget's tools at once.
  await expect(page.locator('.voke-tag-example[data-live="waiting"]').first()).toBeAttached()
  for (const [tag, spec] of Object.entries(MDX_TAGS)) {
    const section = page.locator(`section[aria-labelledby="tag-${tag.toLowerCase()}"]`)
    await expect(section.locator('h2').first()).toHaveText(`<${tag}>`)
    await expect(section.locator('pre').first()).toContainText(exampleSource(tag, spec.example).split('\n')[0]!)
    for (const prop of spec.props) await expect(section.locator('table')).toContainText(prop.name)
    // The live example mounts as it comes near the screen (live-example.client.tsx). Examples
    // above it that mount meanwhile can push it back down, so scroll again until it is live.
    await expect(async () => {
      await section.locator('h2').first().scrollIntoViewIfNeeded()
      await expect(section.locator('.voke-tag-example')).toHaveAttribute('data-live', 'mounted', { timeout: 1000 })
    }).toPass()
    await expect(section.locator('.voke-tag-example > *').first()).toBeVisible()
  }
  // Live: the token playground's example (mode="check") is the real widget.
  await page.locator('section[aria-labelledby="tag-tokenplayground"]').scrollIntoViewIfNeeded()
  await expect(page.locator('section[aria-labelledby="tag-tokenplayground"] [data-widget="token-playground"]')).toBeVisible()
  const sidebar = page.locator('aside')
  await expect(sidebar.getByRole('link', { name: 'Keys' }).first()).toBeVisible()
  await expect(sidebar.getByRole('link', { name: /docs team/i })).toHaveCount(0)
})
