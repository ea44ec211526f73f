// Example programs (examples/) run against the local JWT broker and a token-endpoint stub.
// Files run one after another: each starts its own brokers, and the machine has two cores.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/examples/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
