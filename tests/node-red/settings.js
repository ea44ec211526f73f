// Node-RED settings for the tests: headless (no editor, no HTTP server at all), the flow file and
// user directory from the test, no credential encryption (the flow holds no credentials).
module.exports = {
  flowFile: process.env.VOKE_TEST_FLOW_FILE,
  userDir: process.env.VOKE_TEST_USER_DIR,
  uiHost: '127.0.0.1',
  uiPort: 0,
  httpAdminRoot: false,
  httpNodeRoot: false,
  disableEditor: true,
  credentialSecret: false,
  // The flow's function nodes load Node.js built-ins (crypto, fs, tls) through Setup → Modules.
  functionExternalModules: true,
  externalModules: { autoInstall: false, palette: { allowInstall: false } },
  logging: { console: { level: 'info', metrics: false, audit: false } },
  // Node-RED's default; the flow's refusal check relies on retries being about this far apart.
  mqttReconnectTime: 5000,
  // Nothing leaves the machine: no usage data, no update check.
  telemetry: { enabled: false, updateNotification: false },
  editorTheme: { tours: false }
}
