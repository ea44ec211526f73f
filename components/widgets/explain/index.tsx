// <Explain /> for MDX: paste any client error, broker log, CONNACK code, token, key or certificate
// and get what it means, the likely causes, the fix and the section to read. Runs in the page.
export { default as Explain } from './explain.lazy'
