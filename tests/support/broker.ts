// startBroker(): a real Mosquitto with the local Voke JWT plugin on a free loopback TLS port,
// for tests. The key file is loaded once at start, as on Voke's broker: one broker per key.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildPlugin, ensureTlsFiles, launchBroker } from '../../broker/local-broker'

export interface StartBrokerOptions {
  /** The JWT public key file: its bytes, or a path to it. */
  keyFile: Uint8Array | string
  /** Default: a free port. */
  port?: number
}

export interface TestBroker {
  host: '127.0.0.1'
  port: number
  caFile: string
  /** Everything the broker wrote to stdout/stderr so far (the plugin's reasons are here). */
  logs(): string
  stop(): Promise<void>
}

export interface TestBrokerDetails extends TestBroker {
  /** Milliseconds from spawn until the first TLS handshake succeeded. */
  startMs: number
  /** Milliseconds `make -C broker` took in this call (near 0 when already built). */
  buildMs: number
  isRunning(): boolean
}

/** A port nobody listens on right now (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Resolves once the broker accepts TLS connections; stop() kills it and removes its files. */
export async function startBroker(opts: StartBrokerOptions): Promise<TestBrokerDetails> {
  const { buildMs } = await buildPlugin()
  const tls = await ensureTlsFiles()
  const runDir = mkdtempSync(join(tmpdir(), 'voke-broker-'))
  let keyFilePath: string
  if (typeof opts.keyFile === 'string') keyFilePath = opts.keyFile
  else {
    keyFilePath = join(runDir, 'jwt-public.der')
    writeFileSync(keyFilePath, opts.keyFile, { mode: 0o644 })
  }
  // A free port can be taken between asking and binding: retry a few times with a new one.
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await freePort())
    try {
      const broker = await launchBroker({ keyFilePath, port, runDir, tls, opsUser: true })
      return {
        host: '127.0.0.1',
        port,
        caFile: broker.caFile,
        logs: broker.logs,
        startMs: broker.startMs,
        buildMs,
        isRunning: broker.isRunning,
        async stop() {
          await broker.stop()
          rmSync(runDir, { recursive: true, force: true })
        }
      }
    } catch (error) {
      if (opts.port !== undefined || attempt >= 3 || !/Address already in use/i.test(String(error))) {
        rmSync(runDir, { recursive: true, force: true })
        throw error
      }
    }
  }
}

export interface PluginDecision {
  /** 'OK' or the rule code the plugin logged (same codes as brokerVerdict). */
  rule: string
  /** The real plugin's error name for it (InvalidSignature, InvalidClaims, …); '' when accepted. */
  reason: string
  line: string
}

const DECISION = /voke-jwt-auth: (accepted|refused) client "[^"]*" username "[^"]*": (\S+)(?: (\S+):)?[^\n]*/

/**
 * The plugin's first decision line written after logs() had `since` characters. The line is
 * written before the CONNACK goes out, but the pipe may deliver it a moment later: poll briefly.
 */
export async function pluginDecisionSince(logs: () => string, since: number, timeoutMs = 20_000): Promise<PluginDecision> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const match = DECISION.exec(logs().slice(since))
    if (match) return { rule: match[2]!, reason: match[1] === 'accepted' ? '' : (match[3] ?? ''), line: match[0] }
    if (Date.now() > deadline) throw new Error(`No voke-jwt-auth decision in the broker log after offset ${since}:\n${logs().slice(since)}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
