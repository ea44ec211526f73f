// The pip stack installs only from the local places pip's own configuration names, and says what
// to do when there is none (tests/support/python-envs.ts).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { localPipSources } from '../support/python-envs'

describe('localPipSources', () => {
  it('turns the configured file:// indexes and local find-links into pip flags, each pointing at a folder that exists', () => {
    const { args } = localPipSources()
    const values = args.filter((_, i) => ['--index-url', '--extra-index-url', '--find-links'].includes(args[i - 1]!))
    expect(values.length).toBeGreaterThan(0)
    for (const value of values) expect(existsSync(value.startsWith('file://') ? fileURLToPath(value) : value), value).toBe(true)
    expect(args.join(' ')).not.toMatch(/https?:\/\//)
  })

  it('without any local index in pip\u2019s configuration: an error naming what is missing and the pip config command that fixes it', () => {
    expect(() => localPipSources('python3', { PIP_CONFIG_FILE: '/dev/null' })).toThrow(
      /need a local Python package index[\s\S]*paho-mqtt==2\.1\.0[\s\S]*pip config set global\.extra-index-url file:\/\/\//
    )
  })
})
