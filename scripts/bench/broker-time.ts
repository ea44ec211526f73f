// Local JWT broker speed: start time (spawn → first TLS handshake, median of several starts) and
// one full run of each connect example (spawn → exit 0 after 3 acknowledged messages, MQTT 5).
// The programs run exactly as the example tests run them.
import { startBroker } from '../../tests/support/broker'
import { ENROLLED_KEY, PRIVATE_KEY_PATH } from '../../tests/broker/tokens'
import { brokerFlags, runExample, type ExampleProgram } from '../../tests/examples/example-runner'
import { spread, type Spread } from './stats'

export interface BrokerTimes {
  start: Spread
  /** Milliseconds for one full example run, per program. */
  exampleRuns: Map<ExampleProgram, number>
}

export async function brokerTimes(starts: number, programs: ExampleProgram[]): Promise<BrokerTimes> {
  const startMs: number[] = []
  for (let i = 0; i < starts; i++) {
    const broker = await startBroker({ keyFile: ENROLLED_KEY })
    startMs.push(broker.startMs)
    await broker.stop()
  }
  const broker = await startBroker({ keyFile: ENROLLED_KEY })
  const exampleRuns = new Map<ExampleProgram, number>()
  try {
    for (const program of programs) {
      const t0 = performance.now()
      const run = runExample({ program, args: [...brokerFlags(broker, '5'), '--private-key', PRIVATE_KEY_PATH, '--messages', '3', '--interval', '0.1'] })
      const code = await run.exit
      if (code !== 0) throw new Error(`${program} example exited ${code}\n${run.transcript()}`)
      exampleRuns.set(program, performance.now() - t0)
    }
  } finally {
    await broker.stop()
  }
  return { start: spread(startMs), exampleRuns }
}
