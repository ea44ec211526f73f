// Unit tests: framework-free lib/ code and the shared case tables. Fast, no browser, no broker.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['lib/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000
  }
})
