// README.md of a kit: what each file is, the three steps, the same steps by hand on Windows, and
// who the key in the kit can sign for (the listener trusts one key for every plant).
import type { KitFile } from './kit-files'
import { NODE_RED_VERSION } from './dependencies'
import { gatewayKeyPath, KIT_ENVIRONMENTS, type KitLanguage, type KitOptions } from './kit-options'
import { C_BUILD_PACKAGES, C_CHECK_PACKAGES, KIT_PREFLIGHT, KIT_PROGRAM, PREFLIGHT_REFUSED_EXIT } from './run-script'

const STACKS: Record<KitLanguage, { label: string; needs: string; setup: string }> = {
  python: { label: 'Python', needs: 'Python 3.8+ (with venv)', setup: 'installs the pinned packages once' },
  typescript: { label: 'TypeScript', needs: 'Node.js 20+ (with npm)', setup: 'installs the pinned packages once' },
  c: {
    label: 'C',
    needs: 'a C compiler, make, and the development files of libmosquitto, OpenSSL 3 and cJSON (run.sh names the packages it misses); Python 3 with cryptography for the token check',
    setup: 'checks for the compiler and the headers, builds `voke_connect` once with its Makefile'
  },
  'node-red': {
    label: 'Node-RED',
    needs: `Node-RED 3.1 to 4.x on the gateway; for run.sh's local first test, Node.js 20+ (it installs Node-RED ${NODE_RED_VERSION} once)`,
    setup: `installs Node-RED ${NODE_RED_VERSION} once into \`.node-red-runtime\` (or uses \`VOKE_NODE_RED\`)`
  }
}

/** The "who a key trusts" sentence, shared by the README and the widget (broker-rules.md, verified). */
export const ONE_KEY_FOR_THE_LISTENER =
  'The listener holds one public key, and it accepts any token that key verifies whose sub equals the MQTT username; the signer chooses sub. ' +
  'So jwt-private.pem can sign a token for every plant on the listener, not only this one: a copy of it lets anyone publish as any plant.'

export const WHAT_FOLLOWS =
  'Use Option A (Voke\u2019s API issues short-lived tokens) for fleets and for devices other people can reach physically. ' +
  'Use Option B only where the private key is guarded like a master key.'

const FILE_NOTES: Record<string, string> = {
  'README.md': 'this file',
  'run.sh': 'the one command: settings, dependencies, token check, connect',
  'settings.env': 'plant id, host, port, key and CA file; the environment overrides each line',
  'mqtt_jwt.py': 'the connect program, the same file as examples/plc/mqtt_jwt.py in the guide, filled with your settings',
  'mqtt-jwt.ts': 'the connect program, the same file as examples/plc/mqtt-jwt.ts in the guide, filled with your settings',
  'check_token.py': 'the broker\u2019s checks in Python (examples/tools/check_token.py); preflight.py uses it',
  'preflight.py': 'run.sh step 3: makes the first token as the program does and checks it with check_token.py',
  'preflight.ts': 'run.sh step 3: makes the first token as the program does and checks it with broker-rules.mjs',
  'broker-rules.mjs': 'the broker\u2019s checks as the guide\u2019s token playground runs them (bundled from its lib/tokens)',
  'requirements.txt': 'pinned Python packages (paho-mqtt 2.x, PyJWT, cryptography)',
  'package.json': 'npm packages: mqtt, jose, and tsx to run TypeScript',
  'package-lock.json': 'the exact versions npm ci installs',
  'voke_connect.c': 'the connect program, the same file as examples/c/voke_connect.c in the guide, filled with your settings',
  Makefile: 'builds voke_connect (the guide\u2019s examples/c/Makefile, unchanged)',
  'voke_token.c': 'voke_connect.c with its main renamed, printing the first token the program would send; preflight.py checks it',
  'flow.json': 'the Node-RED flow, the same file as examples/node-red/flow.json in the guide, filled with your settings: import it in Node-RED',
  'preflight.mjs': 'run.sh step 3: makes the first token with the flow\u2019s own "Voke connection" code and checks it with broker-rules.mjs',
  'node-red-run.mjs': 'run.sh step 4: a local Node-RED running flow.json headless, printing connected and each acknowledged message',
  'jwt-private.pem': 'SECRET. Signs the tokens on the device (Option B). Mode 0600: only its owner can read it',
  'jwt-public.der': 'the public key as the broker reads it (PKCS#1 DER); run.sh checks tokens against it',
  'jwt-public.der.sha256': 'SHA-256 of jwt-public.der, to compare with the file enrolled on the broker'
}

function fileTable(files: KitFile[]): string {
  return ['| File | What it is |', '| --- | --- |', ...files.map((f) => `| \`${f.path}\` | ${FILE_NOTES[f.path] ?? ''} |`)].join('\n')
}

function windowsSteps(options: KitOptions, folder: string): string {
  if (options.language === 'c')
    return 'run.sh needs a POSIX shell, and voke_connect.c is written for Linux devices (libmosquitto, POSIX clocks): on Windows, build and run it in WSL (Debian or Ubuntu), with the packages run.sh names.\n'
  if (options.language === 'node-red')
    return 'run.sh\u2019s first test needs a POSIX shell (Linux, macOS, WSL). Node-RED on Windows runs the flow itself: import `flow.json` as above and set `VOKE_PRIVATE_KEY` in Node-RED\u2019s environment to where `jwt-private.pem` is (e.g. `C:\\voke\\jwt-private.pem`), then restrict that file to Node-RED\u2019s account (`icacls jwt-private.pem /inheritance:r /grant:r "<account>:R"`).\n'
  const program = KIT_PROGRAM[options.language]
  const preflight = KIT_PREFLIGHT[options.language]
  const readSettings =
    "Get-Content settings.env | Where-Object { $_ -match '^[A-Z][A-Z0-9_]*=' } | ForEach-Object {\n" +
    "  $name, $value = $_ -split '=', 2\n" +
    '  if (-not (Test-Path "env:$name")) { Set-Item "env:$name" $value }\n' +
    '}'
  const cookie =
    options.signer === 'api'
      ? "$env:VOKE_SESSION_COOKIE = Read-Host -MaskInput 'Voke session cookie'   # PowerShell 7; never store it in a file\n"
      : ''
  const install =
    options.language === 'python'
      ? 'py -3 -m venv .venv\n.venv\\Scripts\\python -m pip install -r requirements.txt\n'
      : 'npm ci\n'
  const run = (file: string) => (options.language === 'python' ? `.venv\\Scripts\\python ${file}` : `npx tsx ${file}`)
  const keyAcl =
    options.signer === 'device'
      ? '\nFirst, since Windows does not keep the zip\u2019s file modes, let only your account read the private key:\n\n' +
        '```powershell\nicacls jwt-private.pem /inheritance:r /grant:r "${env:USERNAME}:R"\n```\n'
      : ''
  return `run.sh needs a POSIX shell (Linux, macOS, WSL). In Windows PowerShell, do its steps by hand, in the \`${folder}\` folder.
${keyAcl}
${options.signer === 'device' ? 'Then:' : 'Run:'}

\`\`\`powershell
${readSettings}
${cookie}${install}${run(preflight)}
if ($LASTEXITCODE -eq 0) { ${run(program)} }
\`\`\`
`
}

export function readmeText(options: KitOptions, files: KitFile[], folder: string, sha256Line: string | null): string {
  const plantId = options.plantId.trim()
  const env = KIT_ENVIRONMENTS[options.environment]
  const deviceSigns = options.signer === 'device'
  const stack = STACKS[options.language]
  const keyStep = sha256Line
    ? deviceSigns
      ? `1. **Check the key pair.** \`jwt-private.pem\` must be the listener's own private key, the one Voke's listener operator gives you, and \`jwt-public.der\` its public half, the listener's key file (the broker's \`plugin_opt_jwt_sec_file\`). Ask Voke's listener operator to confirm the listener's key file has this SHA-256 (on a local broker, mount this \`jwt-public.der\` and stop and start the broker):\n   \`${sha256Line}\`.`
      : `1. **Check the key file.** \`jwt-public.der\` is the listener's key file you built this kit with; run.sh checks each first token against it. Voke's API signs with its private key, which never comes to the device. SHA-256:\n   \`${sha256Line}\`.`
    : `1. **Nothing to enrol.** Voke's API signs the tokens with the key the listener already holds. Without a key file run.sh cannot check a token's signature first; set \`VOKE_KEY_FILE\` to the listener's \`jwt-public.der\` to have it checked.`
  const trust = deviceSigns
    ? `## Who this key can sign for\n\n${ONE_KEY_FOR_THE_LISTENER}\n\n${WHAT_FOLLOWS}\n\nKeep \`jwt-private.pem\` readable by the program's user only, never in a backup others can read, and never in version control.\n`
    : `## Secrets\n\nThis kit holds no private key. The device only ever has a short-lived token for plant \`${plantId}\`. \`VOKE_SESSION_COOKIE\` signs in as you: give it in the environment only, never in \`settings.env\` or a script.\n`
  const steps =
    options.language === 'node-red'
      ? nodeRedSteps(options, keyStep, folder)
      : `${keyStep}
2. **Copy this folder to the device**, e.g. \`scp -rp ${folder} plc:\` (\`-p\` keeps the file modes; or copy the zip and unzip it on the device).
3. **Run it:** \`${deviceSigns ? '' : "VOKE_SESSION_COOKIE='<your session cookie>' "}./run.sh\``
  return `# Voke starter kit: plant ${plantId} (${stack.label})

Connects plant \`${plantId}\` to Voke's MQTT JWT listener at \`${env.host}:${env.port}\` over TLS, with an
RS256 token as the MQTT password (${deviceSigns ? 'Option B: this device signs its own tokens' : 'Option A: Voke\u2019s API issues the tokens'}).
Needs ${stack.needs}, and a POSIX shell for run.sh.

${trust}
## ${options.language === 'node-red' ? 'Steps' : 'Three steps'}

${steps}

run.sh reads \`settings.env\`, ${stack.setup}, signs${deviceSigns ? '' : ' (asks Voke for)'} a fresh token and
checks it with the broker's rules, and stops with the reason and the fix if the broker would refuse it
(exit ${PREFLIGHT_REFUSED_EXIT}).${options.language === 'c' ? ` The check runs check_token.py, which needs Python 3 with cryptography (Debian: \`${C_CHECK_PACKAGES.debian}\`, Alpine: \`${C_CHECK_PACKAGES.alpine}\`, Yocto: \`${C_CHECK_PACKAGES.yocto}\`); without it run.sh says so and connects unchecked.` : ''} Then it runs the ${options.language === 'node-red' ? 'flow in Node-RED' : 'program'}, which prints \`connected\` and one line per acknowledged message, and
exits with the program's code: 0 done (\`VOKE_MESSAGES=N\`), 2 settings, 3 refused by the broker, 4 token expired.

Every line of \`settings.env\` can be overridden from the environment with the same name, for example
to try the kit against a local broker:

\`\`\`sh
VOKE_MQTT_HOST=127.0.0.1 VOKE_MQTT_PORT=8884 VOKE_CA_FILE=/path/to/ca.crt VOKE_MESSAGES=3 ./run.sh
\`\`\`

${options.language === 'c' ? cPackages() : ''}## Files

${fileTable(files)}

## Windows

${windowsSteps(options, folder)}`
}

function cPackages(): string {
  return `## What the build needs

| Needed | Debian/Ubuntu | Alpine | Yocto |
| --- | --- | --- | --- |
${C_BUILD_PACKAGES.map((p) => `| ${p.what} | \`${p.debian}\` | \`${p.alpine}\` | \`${p.yocto}\` |`).join('\n')}
| Python 3 with cryptography (token check) | \`${C_CHECK_PACKAGES.debian}\` | \`${C_CHECK_PACKAGES.alpine}\` | \`${C_CHECK_PACKAGES.yocto}\` |

`
}

/** Node-RED: the flow goes into the gateway's Node-RED; run.sh is a first test on any machine with Node.js. */
function nodeRedSteps(options: KitOptions, keyStep: string, folder: string): string {
  const keyPath = gatewayKeyPath(options)
  const local = options.environment === 'local'
  return `${keyStep}
2. **Try it here first (optional):** \`./run.sh\` starts a local Node-RED with \`flow.json\`, headless, with this
   folder's settings, and prints \`connected\` and each message the broker acknowledged. Stop it with Ctrl-C,
   or set \`VOKE_MESSAGES=3\` to stop after three.
3. **Put the private key on the gateway** at \`${keyPath}\` (the path \`flow.json\` reads), readable only by the
   user Node-RED runs as, e.g. \`sudo install -D -m 0600 -o <node-red user> jwt-private.pem ${keyPath}\`.
   Copy it over a channel only you control, and delete other copies you do not need.
4. **Check Node-RED's settings:** the "Voke connection" function node loads Node.js's built-in \`crypto\`, \`fs\`
   and \`tls\` in its **Setup → Modules** tab. Node-RED allows that unless \`settings.js\` says
   \`functionExternalModules: false\`; then the node does not start and the log says "Function node not allowed
   to load external modules": set it to \`true\` and restart Node-RED. Nothing is installed from npm.${local ? `
   For the local development broker, also set \`VOKE_CA_FILE=${options.caFile?.trim() ?? ''}\` in Node-RED's environment
   (the service's environment, or \`docker run -e\`) and restart Node-RED: the tls-config node reads it.` : ''}
5. **Import the flow:** in the editor, Menu (☰) → **Import** → select \`flow.json\` (from \`${folder}\`) → **Import**,
   then **Deploy**. It arrives as the tab "Voke plant (JWT)" with your plant id, host, port and key path in it;
   every value can still be overridden in Node-RED's environment with the same \`VOKE_*\` name.
6. **Replace the "reading" inject node** with the node that reads your PLC: each \`msg.payload\` becomes one
   telemetry message. Commands leave the "Command" node.
7. **After changing the flow, deploy with Deploy → Full** (the default) **or Modified Flows**, so the "start"
   inject runs again. **Modified Nodes** restarts only the nodes you changed, which leaves a restarted
   "Voke connection" node without its renewal timer.`
}
