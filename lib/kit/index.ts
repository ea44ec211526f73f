// Public surface of lib/kit: the starter kit (one zip, one command) and zipping key files.
export * from './dependencies'
export * from './kit-files'
export * from './kit-options'
export * from './kit-settings'
export * from './kit-zip'
export { ONE_KEY_FOR_THE_LISTENER, WHAT_FOLLOWS } from './readme'
export { C_BUILD_PACKAGES, C_CHECK_PACKAGES, KIT_PREFLIGHT, KIT_PROGRAM, PREFLIGHT_REFUSED_EXIT } from './run-script'
