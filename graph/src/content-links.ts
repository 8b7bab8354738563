/**
 * Links that say "is made of", from the containing event to what it contains: a confidence
 * level's SUBJECT, a publication's or deployment's ARTIFACT, an artifact's COMPOSITION, a
 * composition's ELEMENTs, a reuse's REUSED_ARTIFACT, an environment's RUNTIME_ENVIRONMENT, a
 * submission's CHANGE and a change's BASE (the revision it was made on, so a release holds the
 * history its changes were built on). Followed forwards for contents, backwards for releases.
 * The links derived from CDEvents content are of the same kinds (an ARTIFACT by purl, a CHANGE by
 * id), and SAME_CHANGE leads from a CDEvents merge to the Eiffel submission of its commit. Shared
 * by the trace reports (`@tracey/api`) and the DORA deltas (`@tracey/dora`).
 */
export const CONTENT_LINK_TYPES = [
  'ARTIFACT',
  'BASE',
  'CHANGE',
  'COMPOSITION',
  'ELEMENT',
  'REUSED_ARTIFACT',
  'RUNTIME_ENVIRONMENT',
  'SAME_CHANGE',
  'SUBJECT',
] as const;
