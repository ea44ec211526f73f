// Public surface of lib/explain: the widget, scripts and tests import from here only.
export { ASK_FOR_BROKER_LINE, CAUSES, NOT_AUTHORISED_CAUSES, type Cause, type CauseCode } from './causes'
export { connackMeaning, findConnack, type ConnackMeaning } from './connack'
export { explain, NOT_RECOGNISED_NEXT, type ExplainOptions, type Explanation } from './explain'
export type { ExplainedCause, Finding, FindingKind } from './finding'
export { bytesToText, looksBinary, MAX_LINES, MAX_PASTE_CHARS } from './input'
export { RECOGNISERS, recogniseLine, type PieceKind, type Recogniser } from './recognisers'
export { explainableKind, recognisedMessage, type ExplainableKind } from './looks-explainable'
