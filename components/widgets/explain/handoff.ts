// Hands text from the site's search box to the explainer on Troubleshooting, inside this tab only.
//
// Why module memory and nothing else: the text may be a token or a private key. A URL (query or
// hash) is kept in history, sent as a referrer and shown in logs; localStorage and sessionStorage
// are written to disk and outlive the page; history.state is serialised into the session history
// (restored after a crash). A module variable lives exactly as long as this tab's page: a client-side
// navigation to Troubleshooting keeps it, a reload or a new tab does not, which is the point.
//
// The search box's "Explain this" entry links to EXPLAIN_HASH on Troubleshooting; the explainer
// takes the text when it sees that hash, then replaces the hash with its own title's id.

/** The hash the "Explain this" entry navigates to; no element has this id, so it never scrolls by itself. */
export const EXPLAIN_HASH = '#explain-this'
/** The path of the page that holds the explainer. */
export const EXPLAIN_PATH = '/troubleshooting'

let offered: string | null = null

/** The search box offers this text: the explainer takes it if the reader picks "Explain this". */
export function offerToExplainer(text: string): void {
  offered = text
}

/** The offered text, once: later calls get null until something new is offered. */
export function takeOfferedText(): string | null {
  const text = offered
  offered = null
  return text
}
