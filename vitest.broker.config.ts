// Broker tests: a real Mosquitto with the local Voke JWT plugin (needs mosquitto, make, cc).
// Files run one after another: each starts its own brokers, and the machine has two cores.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/broker/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    // Room for a loaded machine (a second job on both cores): a passing test takes no longer.
    testTimeout: 60_000,
    hookTimeout: 180_000
  }
})
