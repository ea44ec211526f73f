// <KeyGenerator /> for MDX: the four key files of the platform's key script, made in the browser.
// The UI is a small client component; its crypto code is loaded only when the reader clicks.
export { default as KeyGenerator } from './key-generator.lazy'
