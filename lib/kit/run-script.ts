// run.sh: the kit's one command. POSIX sh (no bash needed on a small device): reads settings.env
// without overriding the environment, installs the pinned dependencies once, checks a freshly
// signed (or issued) token with the broker's rules, then runs the program and exits with its code.
import { NODE_RED_VERSION } from './dependencies'
import type { KitLanguage, KitOptions } from './kit-options'
import { SECRET_SETTINGS } from './kit-settings'

/** The file a kit connects with: the example program, or the Node-RED flow. */
export const KIT_PROGRAM = { python: 'mqtt_jwt.py', typescript: 'mqtt-jwt.ts', c: 'voke_connect.c', 'node-red': 'flow.json' } as const satisfies Record<KitLanguage, string>
export const KIT_PREFLIGHT = { python: 'preflight.py', typescript: 'preflight.ts', c: 'preflight.py', 'node-red': 'preflight.mjs' } as const satisfies Record<KitLanguage, string>
/** The Node-RED kit's local first test (run.sh step 4). */
export const NODE_RED_RUNNER_FILE = 'node-red-run.mjs'

/** Exit code of run.sh when the token check says the broker would refuse (the program's own codes are 0, 2, 3, 4). */
export const PREFLIGHT_REFUSED_EXIT = 1

const READ_SETTINGS = `# 1. Settings: each NAME=value line of settings.env, unless the environment already sets NAME.
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in '' | '#'*) continue ;; esac
  name=\${line%%=*}
  value=\${line#*=}
  case "$name" in
    *[!A-Z0-9_]* | '' | [!A-Z]*) echo "run.sh: settings.env: \\"$line\\" is not NAME=value" >&2; exit 2 ;;
    ${SECRET_SETTINGS.join(' | ')}) echo "run.sh: settings.env: ignoring $name: secrets come from the environment only" >&2; continue ;;
  esac
  eval "already=\\\${$name+set}"
  [ -n "$already" ] || export "$name=$value"
done < settings.env`

function optionACheck(options: KitOptions): string {
  if (options.signer !== 'api') return ''
  return `
# Option A: Voke's API issues the tokens, signed in with your session cookie. A secret: never a file.
if [ -z "\${VOKE_SESSION_COOKIE:-}" ] && [ -z "\${VOKE_TOKEN:-}" ]; then
  echo "run.sh: set VOKE_SESSION_COOKIE first (your Voke session cookie, exactly what goes after 'Cookie: ' in the token request: VOKE_SESSION_COOKIE='<your session cookie>' ./run.sh)." >&2
  echo "        Read it from a secret store or type it; do not write it into settings.env or a script." >&2
  exit 2
fi
`
}

const PYTHON_SETUP = `# 2. Python packages at the pinned versions, in a virtual environment of their own (once).
venv=\${VOKE_VENV:-.venv}
if [ ! -x "$venv/bin/python" ] || ! cmp -s requirements.txt "$venv/voke-requirements.txt"; then
  echo "run.sh: installing paho-mqtt, PyJWT and cryptography (requirements.txt) into $venv"
  \${VOKE_PYTHON:-python3} -m venv "$venv" || {
    echo "run.sh: could not create a virtual environment. Install Python 3.8+ with venv (Debian/Ubuntu: sudo apt install python3-venv)." >&2
    exit 2
  }
  "$venv/bin/python" -m pip install --disable-pip-version-check --quiet -r requirements.txt || {
    echo "run.sh: pip could not install requirements.txt: check the network or your package index (pip config list)." >&2
    exit 2
  }
  cp requirements.txt "$venv/voke-requirements.txt"
fi
run() { "$venv/bin/python" "$@"; }`

const NODE_SETUP = `# 2. npm packages at the locked versions (package-lock.json), in node_modules here (once).
command -v node >/dev/null 2>&1 || { echo "run.sh: Node.js 20 or newer is needed (https://nodejs.org or your package manager)." >&2; exit 2; }
if [ ! -x node_modules/.bin/tsx ] || ! cmp -s package-lock.json node_modules/.voke-package-lock.json; then
  echo "run.sh: installing mqtt, jose and tsx (package-lock.json) into node_modules"
  npm ci --no-audit --no-fund --loglevel=error || {
    echo "run.sh: npm could not install the packages: check the network or your npm registry (npm config get registry)." >&2
    exit 2
  }
  cp package-lock.json node_modules/.voke-package-lock.json
fi
run() { node_modules/.bin/tsx "$@"; }`

// Debian / Alpine / Yocto package names of what a C kit builds with (README and run.sh name them).
export const C_BUILD_PACKAGES = [
  { what: 'a C compiler and make', debian: 'build-essential', alpine: 'build-base', yocto: 'packagegroup-core-buildessential' },
  { what: 'libmosquitto\u2019s headers (mosquitto.h)', header: 'mosquitto.h', debian: 'libmosquitto-dev', alpine: 'mosquitto-dev', yocto: 'mosquitto-dev' },
  { what: 'OpenSSL\u2019s headers (openssl/evp.h)', header: 'openssl/evp.h', debian: 'libssl-dev', alpine: 'openssl-dev', yocto: 'openssl-dev' },
  { what: 'cJSON\u2019s headers (cjson/cJSON.h)', header: 'cjson/cJSON.h', debian: 'libcjson-dev', alpine: 'cjson-dev', yocto: 'cjson-dev' }
] as const
/** What the C kit's token check runs on: Python 3 with cryptography (check_token.py). */
export const C_CHECK_PACKAGES = { debian: 'python3-cryptography', alpine: 'py3-cryptography', yocto: 'python3-cryptography' } as const

const packagesOf = (p: { debian: string; alpine: string; yocto: string }) => `Debian/Ubuntu: ${p.debian}; Alpine: ${p.alpine}; Yocto: ${p.yocto}`

function cSetup(): string {
  const [tools, ...headers] = C_BUILD_PACKAGES
  return `# 2. Build voke_connect (and voke_token, the same code printing the first token) once: make
#    rebuilds them only when a source changed. First, what the build needs, each missing one named.
cc=\${CC:-cc}
missing=0
need() { echo "run.sh: missing $1 ($2)" >&2; missing=1; }
command -v "$cc" >/dev/null 2>&1 && command -v make >/dev/null 2>&1 || need '${tools.what}' '${packagesOf(tools)}'
if [ "$missing" -eq 0 ]; then
${headers.map((h) => `  printf '#include <${h.header}>\\n' | $cc \${CPPFLAGS:-} -E -x c - >/dev/null 2>&1 || need "${h.what}" '${packagesOf(h)}'`).join('\n')}
fi
[ "$missing" -eq 0 ] || { echo "run.sh: install the packages above, then run ./run.sh again." >&2; exit 2; }
[ ! -e voke_token ] || [ voke_token -nt voke_connect.c ] || rm -f voke_token
make -s voke_connect voke_token || { echo "run.sh: the build failed (make, output above)." >&2; exit 2; }`
}

function cCheck(): string {
  return `# 3. A fresh token, made by the program's own code (voke_token), checked with the broker's rules
#    (check_token.py) first. It needs Python 3 with cryptography; without it the device connects unchecked.
python=\${VOKE_PYTHON:-python3}
if "$python" -c 'import cryptography' >/dev/null 2>&1; then
  "$python" ${KIT_PREFLIGHT.c}
  checked=$?
  [ "$checked" -eq 0 ] || exit "$checked"
else
  echo "check: skipped: the token check needs Python 3 with cryptography (${packagesOf(C_CHECK_PACKAGES)}); connecting unchecked."
fi`
}

function nodeRedSetup(): string {
  return `# 2. Node.js, and Node-RED ${NODE_RED_VERSION} for the local first test: installed once into .node-red-runtime, or
#    VOKE_NODE_RED=<the red.js of a Node-RED 4.1 already installed>.
command -v node >/dev/null 2>&1 || {
  echo "run.sh: the local first test needs Node.js 20 or newer (https://nodejs.org or your package manager)." >&2
  echo "        Without it, import flow.json into your gateway's Node-RED as README.md says." >&2
  exit 2
}
red=\${VOKE_NODE_RED:-.node-red-runtime/node_modules/node-red/red.js}
if [ -z "\${VOKE_NODE_RED:-}" ] && [ ! -f "$red" ]; then
  echo "run.sh: installing Node-RED ${NODE_RED_VERSION} into .node-red-runtime (once)"
  npm install --prefix .node-red-runtime --no-audit --no-fund --loglevel=error node-red@${NODE_RED_VERSION} || {
    echo "run.sh: npm could not install Node-RED: check the network or your npm registry (npm config get registry)." >&2
    exit 2
  }
fi
[ -f "$red" ] || { echo "run.sh: VOKE_NODE_RED=$red: no such file (give the red.js of an installed Node-RED 4.1)." >&2; exit 2; }`
}

/** Per stack: step 2 (dependencies or build), step 3 (the token check), step 4's command. */
function stackSteps(language: KitLanguage): { setup: string; check: string; connect: string } {
  const checkWith = (command: string) => `# 3. A fresh token, made the way the program makes it, checked with the broker's rules first.
${command}
checked=$?
[ "$checked" -eq 0 ] || exit "$checked"`
  switch (language) {
    case 'python':
      return { setup: PYTHON_SETUP, check: checkWith(`run ${KIT_PREFLIGHT.python}`), connect: `run ${KIT_PROGRAM.python} "$@"` }
    case 'typescript':
      return { setup: NODE_SETUP, check: checkWith(`run ${KIT_PREFLIGHT.typescript}`), connect: `run ${KIT_PROGRAM.typescript} "$@"` }
    case 'c':
      return { setup: cSetup(), check: cCheck(), connect: './voke_connect "$@"' }
    case 'node-red':
      return {
        setup: nodeRedSetup(),
        check: checkWith(`node ${KIT_PREFLIGHT['node-red']}`),
        connect: `node ${NODE_RED_RUNNER_FILE} "$red"`
      }
  }
}

export function runScript(options: KitOptions): string {
  const steps = stackSteps(options.language)
  const what = options.language === 'node-red' ? 'Starts a local Node-RED with flow.json for a first test of plant' : 'Connects plant'
  return `#!/bin/sh
# ${what} ${options.plantId.trim()} to Voke's MQTT JWT listener: ./run.sh${options.language === 'node-red' ? '' : ' [program flags]'}
# Made by the starter kit of the Voke JWT onboarding guide. Exit code: the program's (0 done,
# 2 settings, 3 refused by the broker, 4 token expired), or ${PREFLIGHT_REFUSED_EXIT} when the token check says the broker would refuse.
set -u
cd "$(dirname "$0")" || exit 2

${READ_SETTINGS}
${optionACheck(options)}
${steps.setup}

${steps.check}

# 4. Connect.
${steps.connect}
status=$?
if [ "$status" -eq 3 ]; then
  echo "run.sh: the broker refused a token that passed the check against \${VOKE_KEY_FILE:-no key file}." >&2
  echo "        Most likely the listener's key file is not that file: compare its SHA-256 with jwt-public.der.sha256" >&2
  echo "        (ask Voke's listener operator for it), or set VOKE_KEY_FILE to the broker's key file. The broker's log names the reason." >&2
fi
exit "$status"
`
}
