// Sidebar order and titles. Keys are file names in this folder; '*' sets options for every page.
export default {
  '*': { theme: { breadcrumb: false, timestamp: false } },
  index: 'Overview',
  'before-you-start': 'Before you start',
  'quick-start': 'Quick start',
  tokens: 'Tokens',
  keys: 'Keys',
  connect: 'Connect',
  'node-red': 'Node-RED',
  'access-control': 'Access control and topics',
  rotation: 'Token and key rotation',
  'local-development': 'Local development',
  troubleshooting: 'Troubleshooting',
  'auth-methods': 'Auth methods',
  // Kept apart from the integrator's path (pages marked `path: integrator` in their front matter).
  operator: "For the listener's operator",
  // The docs team's tag reference: built like any page, kept out of the integrators' sidebar.
  'docs-team': { title: 'Tags for the docs team', display: 'hidden' },
  // For Voke's ops (serving the site, its headers): built like any page, kept out of the sidebar.
  deploy: { title: 'Deploying the site', display: 'hidden' }
}
