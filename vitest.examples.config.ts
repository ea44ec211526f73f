// Example programs (examples/) run against the local JWT broker and a token-endpoint stub.
// Files run one after another: each starts its own brokers, and the machine has two cores.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/examples/**/*.test.ts'],
    // The venv and Node-RED are made before any worker starts (see the file for why).
    globalSetup: ['tests/support/examples-global-setup.ts'],
    environment: 'node',
    fileParallelism: false,
    // Concurrent groups (refused programs, Node-RED instances) start at most two at a time: five
    // Node-REDs starting together on two busy cores overran their waits.
    maxConcurrency: 2,
    // Room for a loaded machine (a second job on both cores): a passing test takes no longer.
    testTimeout: 120_000,
    hookTimeout: 180_000
  }
})
