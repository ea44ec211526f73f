// How every browser test and benchmark launches Debian's Chromium: no downloaded browser, no
// background traffic to Google (the machine has no internet and refuses those connections).
export const chromiumExecutable = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

export const chromiumLaunchOptions = {
  executablePath: chromiumExecutable,
  args: chromiumFlags,
  headless: true
}
