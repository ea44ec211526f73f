// The navigation reader lives with the content checks (lib/content-check); tests use the same one.
export { readNavigation, type NavEntry } from '../../lib/content-check/navigation'
