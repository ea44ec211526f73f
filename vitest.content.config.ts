// Content checks that read the built static export (run after `npm run build`).
import { defineConfig } from 'vitest/config'

export default defineConfig({
  // code-blocks and tool-messages need no build: they run with the unit tests (vitest.config.ts).
  test: {
    include: ['tests/content/**/*.test.ts'],
    exclude: ['tests/content/code-blocks.test.ts', 'tests/content/tool-messages.test.ts', '**/node_modules/**'],
    environment: 'node'
  }
})
