// The kit's token check (run.sh step 3), one per language. Each gets the first token exactly the
// way the program will (its own settings and functions: signed with jwt-private.pem, issued by
// Voke's API, or given in VOKE_TOKEN) and judges it with the broker's rules: Python and C with
// check_token.py from examples/tools, TypeScript and Node-RED with the site's brokerVerdict
// (lib/tokens, bundled as broker-rules.mjs). All exit 0 (would be accepted), 1 (refused: the
// verdict and the fix are printed) or 2 (settings or token source broken). Only the way to the
// first token differs per stack; the judging part is one text per rules copy.

/** Python: the first token and the plant id, the way mqtt_jwt.py gets them. */
const PYTHON_FIRST_TOKEN = `import mqtt_jwt


def first_token():
    config = mqtt_jwt.load_config([])
    issue = mqtt_jwt.token_issuer(config)
    return (issue()[0] if issue else config.token), config.plant_id
`

/** C: voke_token is voke_connect.c's own load_config and sign_token (see voke_token.c), printing what the program would send. */
const C_FIRST_TOKEN = `import subprocess


def first_token():
    result = subprocess.run(["./voke_token"], stdout=subprocess.PIPE, universal_newlines=True)
    lines = result.stdout.splitlines()
    if result.returncode != 0 or len(lines) != 2:
        message = result.stdout.strip()
        raise RuntimeError(message[len("error: "):] if message.startswith("error: ") else message or f"voke_token exited {result.returncode}")
    plant_id, token = lines
    return token, plant_id
`

function pythonPreflight(program: string, firstToken: string): string {
  return `"""run.sh step 3: the first token ${program} would send, made the same way, checked with the
broker's rules (check_token.py) before the device connects. Exit 0 accept, 1 refuse, 2 setup."""
import os
import sys
import time

import check_token
${firstToken}

# What to do about the refusals a fresh token can still meet; check_token says what is wrong.
FIXES = {
    "SIGNATURE_MISMATCH": "jwt-private.pem and the key file are not a pair: sign with the listener's own private key "
                          "(ask Voke's listener operator for it), or point VOKE_PRIVATE_KEY / VOKE_KEY_FILE at the right files; "
                          "on a local broker, load the jwt-public.der made from this private key (the one in this kit).",
    "SUB_MISMATCH": "VOKE_PLANT_ID must be exactly the plant id the token is for.",
    "EXPIRED": "get a fresh token; if it was just issued, set this device's clock (NTP).",
    "IAT_IN_FUTURE": "this device's clock is ahead: set it (NTP).",
    "NBF_IN_FUTURE": "this device's clock is ahead: set it (NTP).",
    # A token made elsewhere (VOKE_TOKEN) can carry members the broker types strictly.
    "HEADER_MEMBER_TYPE": "the token's header has a member of the wrong JSON type (kid, typ, x5t: strings; x5c, crit: lists of "
                          "strings): have whoever makes the token write it so, or leave the member out.",
    "CLAIM_TYPE": "iss and jti must be strings, aud a string or a list of strings, publ and subs lists of strings: "
                  "have whoever makes the token fix the claim, or leave it out.",
    "TOPIC_FILTER_INVALID": "every publ and subs entry must be an MQTT topic filter ('#' only as the last level, '+' and '#' "
                            "only as a whole level): have whoever makes the token fix it.",
}


def main():
    sys.stdout.reconfigure(line_buffering=True)
    try:
        token, plant_id = first_token()
    except Exception as error:  # settings, an unreadable key, the token endpoint: the program would fail too
        print(f"error: {error}")
        return 2
    key_path = os.environ.get("VOKE_KEY_FILE")
    if not key_path:
        print("check: skipped the signature and claims check: no key file (set VOKE_KEY_FILE to the broker's jwt-public.der)")
        return 0
    try:
        with open(key_path, "rb") as f:
            key_bytes = f.read()
    except OSError as error:
        print(f"error: cannot read the key file (VOKE_KEY_FILE): {error}")
        return 2
    try:
        for warning in check_token.check(token.encode("utf-8"), key_bytes, plant_id, int(time.time())):
            print(f"check: warning: {warning}")
    except check_token.Refused as refusal:
        print(f"check: the broker would refuse this token: {refusal.rule}: {refusal}")
        print(f"fix: {FIXES.get(refusal.rule, 'see Troubleshooting in the Voke JWT guide for ' + refusal.rule)}")
        print("Not connecting: the broker would answer only \\"not authorized\\".")
        return 1
    print(f"check: the broker would accept this token (sub {plant_id}, key file {key_path})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
`
}

export const PYTHON_PREFLIGHT = pythonPreflight('mqtt_jwt.py', PYTHON_FIRST_TOKEN)
export const C_PREFLIGHT = pythonPreflight('voke_connect', C_FIRST_TOKEN)

/**
 * The judging part for the JavaScript stacks, in plain JavaScript so that it runs both as
 * TypeScript (tsx) and as an .mjs file (node): it needs firstToken(), readFileSync and brokerVerdict.
 */
const JS_CHECK = `async function main() {
  let first
  try {
    first = await firstToken()
  } catch (error) {
    console.log(\`error: \${error instanceof Error ? error.message : String(error)}\`)
    return 2
  }
  const keyPath = process.env.VOKE_KEY_FILE
  if (!keyPath) {
    console.log("check: skipped the signature and claims check: no key file (set VOKE_KEY_FILE to the broker's jwt-public.der)")
    return 0
  }
  let keyFile
  try {
    keyFile = new Uint8Array(readFileSync(keyPath))
  } catch (error) {
    console.log(\`error: cannot read the key file (VOKE_KEY_FILE): \${error.message}\`)
    return 2
  }
  const verdict = await brokerVerdict({
    token: first.token,
    keyFile,
    username: first.plantId,
    clientId: first.clientId ?? first.plantId,
    protocol: first.protocol,
    now: Math.floor(Date.now() / 1000)
  })
  for (const warning of verdict.warnings) if (warning.code !== 'PLANT_ID_NOT_UUID') console.log(\`check: warning: \${warning.message}\`)
  if (!verdict.accept) {
    console.log(\`check: the broker would refuse this token: \${verdict.rule}: \${verdict.explanation}\`)
    console.log(\`fix: \${verdict.fix}\`)
    console.log('Not connecting: the broker would answer only "not authorized".')
    return 1
  }
  console.log(\`check: the broker would accept this token (sub \${first.plantId}, key file \${keyPath})\`)
  return 0
}

process.exitCode = await main()
`

export const TYPESCRIPT_PREFLIGHT = `// run.sh step 3: the first token mqtt-jwt.ts would send, made the same way, checked with the
// broker's rules (broker-rules.mjs) before the device connects. Exit 0 accept, 1 refuse, 2 setup.
import { readFileSync } from 'node:fs'
import { fetchToken, readConfig, signToken } from './mqtt-jwt.ts'
// @ts-ignore: a bundled JavaScript module without type declarations
import { brokerVerdict } from './broker-rules.mjs'

async function firstToken(): Promise<{ token: string; plantId: string; protocol: '5' | '3.1.1' }> {
  const config = readConfig([])
  // The program's own order: a given token, else Voke's API (session cookie), else the private key.
  const token = config.token
    ? config.token
    : config.sessionCookie
      ? (await fetchToken(config.apiUrl, config.plantId, config.sessionCookie)).token
      : (await signToken(config.plantId, config.privateKey, config.tokenLifetime)).token
  return { token, plantId: config.plantId, protocol: config.protocol }
}

${JS_CHECK}`

export const NODE_RED_PREFLIGHT = `// run.sh step 3: the first token the flow would send, made by the flow's own "Voke connection"
// function node (its code from flow.json, run here as Node-RED runs it, with the same environment),
// checked with the broker's rules (broker-rules.mjs) before Node-RED starts. Exit 0 accept, 1 refuse, 2 setup.
import crypto from 'node:crypto'
import fs, { readFileSync } from 'node:fs'
import tls from 'node:tls'
import { brokerVerdict } from './broker-rules.mjs'

async function firstToken() {
  const flow = JSON.parse(readFileSync('flow.json', 'utf8'))
  const connection = flow.find((n) => n.type === 'function' && n.name === 'Voke connection')
  const broker = flow.find((n) => n.type === 'mqtt-broker')
  if (!connection || !broker) throw new Error('flow.json has no "Voke connection" function node or no mqtt-broker node: take it from the kit again.')
  const sent = []
  const problems = []
  const node = { send: (outputs) => sent.push(...[outputs].flat()), log() {}, warn() {}, error: (p) => problems.push(p), status() {} }
  const store = new Map()
  const context = { get: (k) => store.get(k), set: (k, v) => store.set(k, v) }
  const env = { get: (name) => process.env[name] }
  // The node's timers (renewal, retries) are not needed for one token.
  const noTimer = () => 0
  const run = new Function('msg', 'node', 'context', 'env', 'crypto', 'fs', 'tls', 'setTimeout', 'clearTimeout', connection.func)
  run({}, node, context, env, crypto, fs, tls, noTimer, noTimer)
  if (problems.length) throw new Error(problems.join(' '))
  const connect = sent.find((m) => m && m.action === 'connect')
  if (!connect) throw new Error('the "Voke connection" node sent no connect message.')
  const { password, username, clientid } = connect.broker
  return { token: password, plantId: username, clientId: clientid, protocol: broker.protocolVersion === '5' ? '5' : '3.1.1' }
}

${JS_CHECK}`
