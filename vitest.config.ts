// Unit tests: framework-free lib/ code and the shared case tables. Fast, no browser, no broker.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Code blocks and quoted tool messages in content/ need no build, so they run with the unit tests.
    include: ['lib/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/content/code-blocks.test.ts', 'tests/content/tool-messages.test.ts'],
    environment: 'node',
    testTimeout: 20_000
  }
})
