// Entry of broker-rules.mjs, the TypeScript kit's token checker: the site's own brokerVerdict
// (the broker's checks in its order, tested against the local broker's case table), bundled by
// esbuild at build time (lib/server/kit-sources.ts) so a device runs the same rules as the page.
export { brokerVerdict } from '../tokens'
