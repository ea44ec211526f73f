// README.md of a kit: what each file is, the three steps, the same steps by hand on Windows, and
// who the key in the kit can sign for (the listener trusts one key for every plant).
import type { KitFile } from './kit-files'
import { KIT_ENVIRONMENTS, type KitOptions } from './kit-options'
import { KIT_PREFLIGHT, KIT_PROGRAM, PREFLIGHT_REFUSED_EXIT } from './run-script'

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
  'jwt-private.pem': 'SECRET. Signs the tokens on the device (Option B). Mode 0600: only its owner can read it',
  'jwt-public.der': 'the public key as the broker reads it (PKCS#1 DER); run.sh checks tokens against it',
  'jwt-public.der.sha256': 'SHA-256 of jwt-public.der, to compare with the file enrolled on the broker'
}

function fileTable(files: KitFile[]): string {
  return ['| File | What it is |', '| --- | --- |', ...files.map((f) => `| \`${f.path}\` | ${FILE_NOTES[f.path] ?? ''} |`)].join('\n')
}

function windowsSteps(options: KitOptions, folder: string): string {
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
  const language = options.language === 'python' ? 'Python 3.8+ (with venv)' : 'Node.js 20+ (with npm)'
  const enrol = sha256Line
    ? deviceSigns
      ? `1. **Enrol \`jwt-public.der\` in Voke** for the JWT listener (it is the broker's \`plugin_opt_jwt_sec_file\`). It is public; it goes to Voke, not to the device. Compare the enrolled file with\n   \`${sha256Line}\`.`
      : `1. **Check the key file.** \`jwt-public.der\` is the listener's key file you built this kit with; run.sh checks each first token against it. Voke's API signs with its private key, which never comes to the device. SHA-256:\n   \`${sha256Line}\`.`
    : `1. **Nothing to enrol.** Voke's API signs the tokens with the key the listener already holds. Without a key file run.sh cannot check a token's signature first; set \`VOKE_KEY_FILE\` to the listener's \`jwt-public.der\` to have it checked.`
  const trust = deviceSigns
    ? `## Who this key can sign for\n\n${ONE_KEY_FOR_THE_LISTENER}\n\n${WHAT_FOLLOWS}\n\nKeep \`jwt-private.pem\` readable by the program's user only, never in a backup others can read, and never in version control.\n`
    : `## Secrets\n\nThis kit holds no private key. The device only ever has a short-lived token for plant \`${plantId}\`. \`VOKE_SESSION_COOKIE\` signs in as you: give it in the environment only, never in \`settings.env\` or a script.\n`
  return `# Voke starter kit: plant ${plantId} (${options.language === 'python' ? 'Python' : 'TypeScript'})

Connects plant \`${plantId}\` to Voke's MQTT JWT listener at \`${env.host}:${env.port}\` over TLS, with an
RS256 token as the MQTT password (${deviceSigns ? 'Option B: this device signs its own tokens' : 'Option A: Voke\u2019s API issues the tokens'}).
Needs ${language} and a POSIX shell.

${trust}
## Three steps

${enrol}
2. **Copy this folder to the device**, e.g. \`scp -rp ${folder} plc:\` (\`-p\` keeps the file modes; or copy the zip and unzip it on the device).
3. **Run it:** \`${deviceSigns ? '' : "VOKE_SESSION_COOKIE='<your session cookie>' "}./run.sh\`

run.sh reads \`settings.env\`, installs the pinned packages once, signs${deviceSigns ? '' : ' (asks Voke for)'} a fresh token and
checks it with the broker's rules, and stops with the reason and the fix if the broker would refuse it
(exit ${PREFLIGHT_REFUSED_EXIT}). Then it runs the program, which prints \`connected\` and one line per acknowledged message, and
exits with the program's code: 0 done (\`VOKE_MESSAGES=N\`), 2 settings, 3 refused by the broker, 4 token expired.

Every line of \`settings.env\` can be overridden from the environment with the same name, for example
to try the kit against a local broker:

\`\`\`sh
VOKE_MQTT_HOST=127.0.0.1 VOKE_MQTT_PORT=8884 VOKE_CA_FILE=/path/to/ca.crt VOKE_MESSAGES=3 ./run.sh
\`\`\`

## Files

${fileTable(files)}

## Windows

${windowsSteps(options, folder)}`
}
