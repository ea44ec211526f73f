// Public surface of lib/snippets: widgets, scripts and other domains import from here only.
export * from './snippet-html'
export * from './snippet-wire'
export * from './snippets'
