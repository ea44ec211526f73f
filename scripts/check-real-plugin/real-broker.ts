// A loopback Mosquitto that loads any build of the JWT plugin, configured as Voke's listener is
// (RS256, plugin_opt_jwt_sec_file = the PKCS#1 DER key, exp validated, sub must match the
// username): the same settings ../shared/oracle/real-broker.sh writes, for a plugin path given
// on the command line. It keeps the broker's whole output as lines and starts it again after a
// token crashes it.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'

export interface BrokerOptions {
  mosquitto: string
  plugin: string
  keyFile: string
  port: number
  dir: string
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port })
    s.on('connect', () => {
      s.destroy()
      resolve(true)
    })
    s.on('error', () => resolve(false))
  })
}

export class RealBroker {
  /** Every line the broker printed on stderr since it was (re)started. */
  lines: string[] = []
  exited = false
  starts = 0
  private child?: ChildProcess
  private pending = ''
  private waiters: (() => void)[] = []

  constructor(private readonly options: BrokerOptions) {}

  private writeConfig(): string {
    const o = this.options
    mkdirSync(o.dir, { recursive: true })
    const conf = join(o.dir, 'mosquitto.conf')
    writeFileSync(
      conf,
      [
        // As root, Mosquitto would drop to the mosquitto user, who cannot read our temp folder.
        ...(process.getuid?.() === 0 ? ['user root'] : []),
        'per_listener_settings false',
        `listener ${o.port} 127.0.0.1`,
        'allow_anonymous false',
        `plugin ${o.plugin}`,
        'plugin_opt_jwt_alg RS256',
        `plugin_opt_jwt_sec_file ${o.keyFile}`,
        'plugin_opt_jwt_validate_exp true',
        'plugin_opt_jwt_validate_sub_match_username true',
        'log_dest stderr',
        'log_type all',
        ''
      ].join('\n')
    )
    return conf
  }

  async start(): Promise<void> {
    const conf = this.writeConfig()
    this.lines = []
    this.pending = ''
    this.exited = false
    this.starts++
    // Everything compared is on stderr (Mosquitto's log, the plugin's eprintln!, a panic); stdout
    // only has the plugin's debug print of two pointers, and reading both pipes into one buffer
    // could splice a line of one into the other. Lines are decoded whole, once their newline is in.
    const child = spawn(this.options.mosquitto, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] })
    this.child = child
    const take = (chunk: Buffer) => {
      this.pending += chunk.toString('latin1')
      const parts = this.pending.split('\n')
      this.pending = parts.pop()!
      for (const p of parts) this.lines.push(Buffer.from(p, 'latin1').toString('utf8'))
      this.wake()
    }
    child.stderr!.on('data', take)
    child.on('exit', () => {
      if (this.child !== child) return
      if (this.pending) this.lines.push(Buffer.from(this.pending, 'latin1').toString('utf8'))
      this.pending = ''
      this.exited = true
      this.wake()
    })
    for (let i = 0; i < 500; i++) {
      if (this.exited) break
      if (await portOpen(this.options.port)) return
      await sleep(10)
    }
    throw new Error(`mosquitto with ${this.options.plugin} did not start on port ${this.options.port}:\n${this.lines.slice(-5).join('\n')}`)
  }

  private wake() {
    const w = this.waiters
    this.waiters = []
    for (const f of w) f()
  }

  /** Waits until test(lines) holds, the broker exits, or the time is up. */
  async waitFor(test: (lines: string[]) => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!test(this.lines) && !this.exited && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, deadline - Date.now()))
        this.waiters.push(() => {
          clearTimeout(t)
          resolve()
        })
      })
    }
  }

  /** Waits for the process to be gone (after a crash the socket may close a little before). */
  async waitForExit(timeoutMs: number): Promise<boolean> {
    await this.waitFor(() => false, timeoutMs)
    return this.exited
  }

  /** At exit: signal the broker without waiting. */
  kill(): void {
    if (this.child && !this.exited) this.child.kill('SIGTERM')
  }

  async stop(): Promise<void> {
    const child = this.child
    if (!child || this.exited) return
    const gone = new Promise<void>((r) => child.once('exit', () => r()))
    child.kill('SIGTERM')
    await Promise.race([gone, sleep(3000)])
  }
}
