// Runs once in Vitest's main process before the example files: makes the pip venv and installs the
// pinned Node-RED. Both are long synchronous commands on a fresh clone (pip from the local index,
// npm ci); run inside a test worker they block its event loop past Vitest's 60 s RPC timeout, which
// fails the whole run with "Timeout calling onTaskUpdate" although every test passed. The workers'
// own calls then find both ready and return at once.
import { ensureNodeRed } from './node-red'
import { pythonEnvs } from './python-envs'

export default function setup(): void {
  pythonEnvs()
  ensureNodeRed()
}
