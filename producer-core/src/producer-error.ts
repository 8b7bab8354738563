/** Codes of the TraceyErrors producer-core throws or reports; callers branch on these. */
export const PRODUCER_ERROR_CODES = {
  /** Input that cannot become an event: bad JSON, a malformed `--set`, an invalid event. */
  badInput: 'PRODUCER_BAD_INPUT',
  /** A spool segment was edited by hand and cannot be read. */
  spoolCorrupt: 'PRODUCER_SPOOL_CORRUPT',
  /** An output or input type no registered factory or plug-in provides. */
  unknownPart: 'PRODUCER_UNKNOWN_PART',
  /** A plug-in package that cannot be imported or does not export a Tracey plug-in. */
  pluginInvalid: 'PRODUCER_PLUGIN_INVALID',
  /** `git` failed or the directory is not a repository. */
  gitFailed: 'PRODUCER_GIT_FAILED',
} as const;

export type ProducerErrorCode = (typeof PRODUCER_ERROR_CODES)[keyof typeof PRODUCER_ERROR_CODES];
