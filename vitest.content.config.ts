// Content checks that read the built static export (run after `npm run build`).
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: { include: ['tests/content/**/*.test.ts'], environment: 'node' }
})
