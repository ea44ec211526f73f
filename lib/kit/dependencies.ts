// The versions a kit installs: the ones the e2e test runs the kit with. Python's come from pip
// (paho-mqtt 2.x: the program supports 1.6 and 2.x, the kit pins the current one); Node's are
// the project's own, so the kit runs what the examples tests run (a unit test compares them).

export const PYTHON_REQUIREMENTS = {
  'paho-mqtt': '2.1.0',
  PyJWT: '2.15.1',
  cryptography: '50.0.2'
} as const

export function requirementsText(): string {
  return (
    '# Installed by run.sh into a virtual environment: pip install -r requirements.txt\n' +
    Object.entries(PYTHON_REQUIREMENTS)
      .map(([name, version]) => `${name}==${version}`)
      .join('\n') +
    '\n'
  )
}

export const NODE_DEPENDENCIES = { jose: '6.2.18', mqtt: '5.16.0' } as const
export const NODE_DEV_DEPENDENCIES = { tsx: '4.23.15' } as const

/**
 * package.json of a TypeScript kit; lib/kit/assets/package-lock.json was made from exactly this.
 * After changing a version: write this text to package.json in an empty folder, run
 * `npm install --package-lock-only` there and copy its package-lock.json over the asset (the
 * unit test checks that the lock and package.json agree, and that the project runs the same versions).
 */
export function packageJsonText(): string {
  const pkg = {
    name: 'voke-plant-connect',
    version: '1.0.0',
    private: true,
    type: 'module',
    description: "Connects one plant to Voke's MQTT JWT listener (made by the Voke docs' starter kit).",
    scripts: { start: 'tsx mqtt-jwt.ts' },
    dependencies: NODE_DEPENDENCIES,
    devDependencies: NODE_DEV_DEPENDENCIES
  }
  return JSON.stringify(pkg, null, 2) + '\n'
}

/**
 * The Node-RED a Node-RED kit's run.sh installs for its local first test: the version the
 * project's tests run the flow in (tests/node-red/package.json; a unit test compares them).
 */
export const NODE_RED_VERSION = '4.1.15'
