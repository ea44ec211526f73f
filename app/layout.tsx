// Root layout: the Nextra docs theme frame (navbar, sidebar from content/_meta, footer, search).
import type { Metadata } from 'next'
import type { ReactNode } from 'react'
import { Footer, Layout, Navbar } from 'nextra-theme-docs'
import { Head } from 'nextra/components'
import { getPageMap } from 'nextra/page-map'
import 'nextra-theme-docs/style.css'
import './site.css'
import { EarlySearchCapture, KeepEarlySearchText } from '../components/ui/early-search-text'
import { SearchExplainOffer } from '../components/ui/search-explain-offer'

export const metadata: Metadata = {
  title: { template: '%s – Voke JWT onboarding', default: 'Voke JWT onboarding' },
  description:
    'Connect a PLC to the Voke MQTT broker with an RS256-signed JWT: keys, tokens, connect code and troubleshooting.',
  applicationName: 'Voke JWT onboarding',
  // The site's mark in the tab and on a phone's home screen (public/; made by scripts/make-icons.ts).
  icons: {
    icon: [
      { url: '/favicon.svg', type: 'image/svg+xml' },
      { url: '/favicon.ico', sizes: '32x32' }
    ],
    apple: { url: '/apple-touch-icon.png', sizes: '180x180' }
  }
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const navbar = (
    <Navbar
      logo={
        <span>
          <b>Voke</b> JWT onboarding
        </span>
      }
    />
  )
  return (
    <html lang="en" dir="ltr" suppressHydrationWarning>
      <Head />
      <body>
        <EarlySearchCapture />
        <Layout
          navbar={navbar}
          footer={<Footer>Voke JWT onboarding guide. Keys and tokens you use on this site never leave your browser.</Footer>}
          pageMap={await getPageMap()}
          sidebar={{ defaultMenuCollapseLevel: 1 }}
          editLink={null}
          // The theme's own pager and copy-page menu fail axe (no landmark / unnamed button): see components/page-pager.tsx.
          navigation={false}
          copyPageButton={false}
          feedback={{ content: null }}
          // next-themes' default injects a `* { transition: none }` sheet right after hydration and
          // removes it a frame later: two style recalculations of the whole document, the costliest
          // main-thread work on long pages (Connect: ~150 ms at 4x CPU). Switching the theme still
          // works; colours merely fade for the theme's own short transitions.
          nextThemes={{ disableTransitionOnChange: false }}
        >
          {children}
        </Layout>
        <KeepEarlySearchText />
        <SearchExplainOffer />
      </body>
    </html>
  )
}
