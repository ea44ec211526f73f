// run.sh: the kit's one command. POSIX sh (no bash needed on a small device): reads settings.env
// without overriding the environment, installs the pinned dependencies once, checks a freshly
// signed (or issued) token with the broker's rules, then runs the program and exits with its code.
import type { KitOptions } from './kit-options'
import { SECRET_SETTINGS } from './kit-settings'

export const KIT_PROGRAM = { python: 'mqtt_jwt.py', typescript: 'mqtt-jwt.ts' } as const
export const KIT_PREFLIGHT = { python: 'preflight.py', typescript: 'preflight.ts' } as const

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

export function runScript(options: KitOptions): string {
  const language = options.language
  const program = KIT_PROGRAM[language]
  return `#!/bin/sh
# Connects plant ${options.plantId.trim()} to Voke's MQTT JWT listener: ./run.sh [program flags]
# Made by the starter kit of the Voke JWT onboarding guide. Exit code: the program's (0 done,
# 2 settings, 3 refused by the broker, 4 token expired), or ${PREFLIGHT_REFUSED_EXIT} when the token check says the broker would refuse.
set -u
cd "$(dirname "$0")" || exit 2

${READ_SETTINGS}
${optionACheck(options)}
${language === 'python' ? PYTHON_SETUP : NODE_SETUP}

# 3. A fresh token, made the way the program makes it, checked with the broker's rules first.
run ${KIT_PREFLIGHT[language]}
checked=$?
[ "$checked" -eq 0 ] || exit "$checked"

# 4. Connect.
run ${program} "$@"
status=$?
if [ "$status" -eq 3 ]; then
  echo "run.sh: the broker refused a token that passed the check against \${VOKE_KEY_FILE:-no key file}." >&2
  echo "        Most likely the key file enrolled in Voke is not that file: compare its SHA-256 with jwt-public.der.sha256," >&2
  echo "        or set VOKE_KEY_FILE to the broker's key file to check against it. The broker's log names the reason." >&2
fi
exit "$status"
`
}
